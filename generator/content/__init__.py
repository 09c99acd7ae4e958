"""Reading the content: the closed-world file system, strict YAML, loading into the typed
model (`generator.model`), placeholders, and the checks `portal check` runs."""
