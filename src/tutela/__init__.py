"""Tutela: register, monitor and protect cultural heritage and places of worship at risk."""

__version__ = "0.1.0"
