"""Group call pickup."""
