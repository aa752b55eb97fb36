"""Number Management API: the number inventory and everything attached to it."""
