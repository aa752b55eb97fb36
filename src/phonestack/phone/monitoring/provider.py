"""Monitoring groups, shared line appearances and smartphones: providers (HTTP glue)."""

from __future__ import annotations
