"""A test-only app that declares its own parts and is versioned, audited and leak-tested
without a line about it anywhere else (tests/settings.py only installs it)."""
