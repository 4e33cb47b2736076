"""What the service is: capabilities and reference data, readable without a token."""
