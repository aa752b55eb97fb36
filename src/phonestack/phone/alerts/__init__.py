"""Alert settings."""
