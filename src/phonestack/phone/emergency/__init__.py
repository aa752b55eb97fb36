"""Emergency addresses and emergency service locations (batch too)."""
