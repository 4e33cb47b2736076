"""Quality assurance from the same records: allocations, case audits, feedback, measures, pictures."""
