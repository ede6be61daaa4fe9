"""A test-only job kind, as a new app would bring one: it counts, and writes what it counted.
Nothing outside this folder names it (tests/settings.py only installs it)."""
