"""The safety network, safety plans, the child's voice, words and pictures, and the trajectory."""
