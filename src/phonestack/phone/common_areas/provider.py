"""Common areas: details, calling plans, phone numbers, settings, PIN, activation codes, templates: providers (HTTP glue)."""

from __future__ import annotations
