"""Group call pickup: providers (HTTP glue)."""

from __future__ import annotations
