"""Pieces written once and used by every endpoint."""
