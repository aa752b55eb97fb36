"""Extension-level call handling settings, inbound block rules and line keys."""
