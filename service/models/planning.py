"""Tables of the safety network, safety plans, child voice, words and pictures and trajectory."""
