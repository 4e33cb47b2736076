"""Tables of the assessment map, danger statements, safety goals, scales and ratings."""
