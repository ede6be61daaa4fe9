"""Search: every name of every site (and incidents by title) found from any script, with
diacritics ignored and small spelling mistakes forgiven.

- romanise.py: the search keys (one romanisation, also used by duplicate detection);
- models.py: the keys, kept by the writes (kept.py), never versioned: a read model;
- index.py: the trigram indexes that find a key inside a key, on each database;
- engine.py: ``find`` (ranked hits with the matched name) and ``matching`` (the set, for the
  shared site filter's ``name``/``q``), the one entry point every output searches through.
"""
