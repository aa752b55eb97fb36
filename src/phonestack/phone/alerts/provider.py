"""Alert settings: providers (HTTP glue)."""

from __future__ import annotations
