"""Call queues: details, members and managers, phone numbers, policies: providers (HTTP glue)."""

from __future__ import annotations
