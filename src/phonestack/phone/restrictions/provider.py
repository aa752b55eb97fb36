"""Blocked lists, account inbound block rules and statistics, account-level outbound calling rules: providers (HTTP glue)."""

from __future__ import annotations

from . import blocked_list, inbound, outbound  # noqa: F401  (they register their providers)
