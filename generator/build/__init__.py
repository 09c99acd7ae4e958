"""`portal build`: the unit jobs (in worker processes), the cache that lets a rebuild keep
what did not change, the summaries the cross-unit pages are made from, and writing the
output atomically (`run` puts them together)."""
