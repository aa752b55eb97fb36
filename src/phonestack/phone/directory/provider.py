"""External contacts, private directory and dial-by-name directory: providers (HTTP glue)."""

from __future__ import annotations
