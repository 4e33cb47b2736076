"""Statutory returns made from the records already kept: the CIN census, the SSDA903 tables and the
Annex A lists, and their validation with the DfE rules (an optional extra)."""
