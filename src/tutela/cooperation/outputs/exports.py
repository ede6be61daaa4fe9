"""The cooperation exports' outputs (IATI)."""
