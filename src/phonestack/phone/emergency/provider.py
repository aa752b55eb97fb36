"""Emergency addresses and emergency service locations (batch too): providers (HTTP glue)."""

from __future__ import annotations
