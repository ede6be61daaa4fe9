"""Parts every app shares; nothing here names an app."""
