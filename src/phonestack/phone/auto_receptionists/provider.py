"""Auto receptionists: details, IVR, phone numbers, policies: providers (HTTP glue)."""

from __future__ import annotations
