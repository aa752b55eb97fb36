"""The Phone API's view of the number inventory: /phone/numbers and BYOC numbers (the same rows as Number Management): providers (HTTP glue)."""

from __future__ import annotations
