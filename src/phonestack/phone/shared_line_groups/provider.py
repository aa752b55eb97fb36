"""Shared line groups: details, members, phone numbers, policies: providers (HTTP glue)."""

from __future__ import annotations
