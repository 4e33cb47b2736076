"""Cases (a family's working file) and their members."""
