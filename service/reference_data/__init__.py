"""Code lists: read from ``reference_data/`` (the published files), loaded into the database,
served by the API, and used to check every coded field."""
