"""Blocked lists, account inbound block rules and statistics, account-level outbound calling rules: providers (HTTP glue)."""

from __future__ import annotations
