"""Phone SMS campaigns and consent opt statuses (shared with Number Management): providers (HTTP glue)."""

from __future__ import annotations
