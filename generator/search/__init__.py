"""Static search (Pagefind, extended build for Chinese segmentation).

- `records`: what one disclosure offers the search (its unit, its sections by title and
  the lines they quote, its tables' lines by code and name), per language, as plain
  records made in the unit's job and stored in the build cache by their hash (so memory
  does not grow with the portal), plus the glossary's terms.
- `index`: the index made once at the end of a build from every unit's records, written
  under `pagefind/`; kept as it is when no record changed.
"""
