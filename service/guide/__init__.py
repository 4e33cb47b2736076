"""The guide for authorities and suppliers, served at /guide."""
