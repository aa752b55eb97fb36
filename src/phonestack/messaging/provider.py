"""SMS sessions and messages, faxes: providers (HTTP glue)."""

from __future__ import annotations
