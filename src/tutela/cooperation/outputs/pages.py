"""The cooperation pages' outputs (partners, agreements, engagements, follow-up, projects,
events, portfolios)."""
