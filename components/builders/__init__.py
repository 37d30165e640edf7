"""builders: see CONTRIBUTING.md for what belongs here."""
