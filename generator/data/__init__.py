"""The downloads: CSV (csvfile), the data packages, each disclosure's files, the
comparisons' and the portal-wide long-format files."""
