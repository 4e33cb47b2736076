"""Children and the adults around them."""
