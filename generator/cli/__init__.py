"""The `portal` command (`main`), its shared arguments, `portal new`, and the generated
references (the content format, the JSON Schemas)."""
