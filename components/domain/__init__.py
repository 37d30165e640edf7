"""domain: see CONTRIBUTING.md for what belongs here."""
