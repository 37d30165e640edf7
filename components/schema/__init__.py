"""schema: see CONTRIBUTING.md for what belongs here."""
