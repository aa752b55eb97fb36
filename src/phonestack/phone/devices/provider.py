"""Desk phones: devices, assignment to users and common areas, line keys, provisioning: providers (HTTP glue)."""

from __future__ import annotations
