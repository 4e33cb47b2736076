"""Reading the append-only audit trail (audit scope only)."""
