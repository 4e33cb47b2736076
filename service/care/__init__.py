"""The statutory backbone, part two: looked-after children and care leavers (SSDA903 episodes,
looked-after reviews, missing episodes, permanence decisions, pathway plans, care-leaver contacts and
UASC status), and the stage moves into and out of care grounded in them."""
