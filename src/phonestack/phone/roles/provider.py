"""Roles, groups and policies: providers (HTTP glue)."""

from __future__ import annotations
