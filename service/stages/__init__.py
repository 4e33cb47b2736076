"""Each child's place on the continuum of service, the moves between stages, and the journey."""
