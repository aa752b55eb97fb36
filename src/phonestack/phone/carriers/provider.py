"""Carrier reseller numbers and directory backup routing rules: providers (HTTP glue)."""

from __future__ import annotations
