"""Signs of Safety case-recording reference service."""
