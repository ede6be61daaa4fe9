"""Outputs of the project and event pages and the portfolios."""
