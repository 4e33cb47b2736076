"""The assessment map, danger statements with their safety goals, and scales with their ratings."""
