"""Data in and out: importers (and later exporters) as plugins, one module per format.

Data flows one way: interchange → registry. Every write goes through history, every import is
all or nothing and leaves a record in the audit chain. See docs/interchange.md.
"""
