"""Provision templates, firmware update rules and firmwares: providers (HTTP glue)."""

from __future__ import annotations
