"""Extension-level call handling settings, inbound block rules and line keys: providers (HTTP glue)."""

from __future__ import annotations
