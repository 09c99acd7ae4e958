"""Static search: an index made by the build, searched in the browser by the site's own
script (site_src/js/search.js).

- `records`: what one disclosure offers the search (its unit, its sections by title and
  the lines they quote, its tables' lines by code and name), per language, as plain
  records made in the unit's job and stored in the build cache by their hash (so memory
  does not grow with the portal), plus the glossary's terms.
- `tokens`: how text is cut into the tokens indexed (the script cuts queries the same way).
- `index`: the index made once at the end of a build from every unit's records, written
  under `search-index/`, every language in one pass over the records, in bounded memory;
  kept as it is when no record changed.
"""
