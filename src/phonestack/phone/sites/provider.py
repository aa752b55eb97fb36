"""Sites, their settings, dial-by-name directory, and outbound calling countries/regions and exception rules at site, user and common-area level: providers (HTTP glue)."""

from __future__ import annotations
