"""Zoom Rooms as phone extensions: providers (HTTP glue)."""

from __future__ import annotations
