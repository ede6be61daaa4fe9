"""Outputs of the partner, agreement, engagement and follow-up pages."""
