"""`portal import`: a unit's standard tables (公开表) from the .xlsx or .xls workbook it
published, into the disclosure's `tables/<nn>-<id>.yaml`.

The stages, one module each: `grid` reads a sheet into a grid of cells with its merged
ranges; `recognise` tells which standard table a sheet is by its title; `header` reads the
金额单位 and 公开NN表 rows and the header (one to three rows, merged cells, 栏次) into
column roles; `rows` reads the lines (codes in one column or split into 类/款/项, names,
totals, footnotes); `values` turns a cell into a figure in 万元 (Decimal, every digit
kept); `yamlout` writes the YAML with each figure's source cell; `command` is the CLI.
Every cell that cannot be placed is a `Problem`, located as `file.xlsx:Sheet!C12`, and
all of them are reported together: a workbook with errors writes nothing.
"""
