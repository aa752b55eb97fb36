"""Fault injection, for testing a client's retry logic: an account's ``options.faults`` makes
chosen operations fail at a chosen rate.

    {"status": 429 | 500 | 502 | 503 | 504, "rate": 0.0-1.0, "operations": ["<operationId>", ...]}

``operations`` may be left out (or hold "*") for every operation. A 429 looks like a real
per-second limit (with ``Retry-After: 1``); a 5xx carries Zoom's error shape. Set it with
``PATCH /_phonestack/accounts/{id}`` (``{"options": {"faults": {...}}}``); ``{"faults": null}``
turns it off. Injected faults happen before the operation runs: nothing is changed.
"""

from __future__ import annotations

import random
from typing import Any

from .errors import ApiError
from .ratelimit import PER_SECOND_MESSAGE

_RNG = random.Random()

STATUSES = {
    429: PER_SECOND_MESSAGE,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def validate(faults: Any) -> dict[str, Any] | None:
    """The stored setting, checked (raises ValueError)."""
    if faults is None:
        return None
    if not isinstance(faults, dict):
        raise ValueError("faults must be an object")
    status = faults.get("status", 503)
    rate = faults.get("rate", 1.0)
    ops = faults.get("operations", ["*"])
    if status not in STATUSES:
        raise ValueError(f"faults.status must be one of {sorted(STATUSES)}")
    if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 <= rate <= 1:
        raise ValueError("faults.rate must be a number from 0 to 1")
    if not isinstance(ops, list) or not all(isinstance(o, str) for o in ops):
        raise ValueError("faults.operations must be a list of operationIds")
    return {"status": status, "rate": float(rate), "operations": ops}


def maybe_fail(faults: dict[str, Any] | None, operation_id: str, rng: random.Random | None = None) -> None:
    if not faults:
        return
    ops = faults.get("operations") or ["*"]
    if "*" not in ops and operation_id not in ops:
        return
    if (rng or _RNG).random() >= faults.get("rate", 1.0):
        return
    status = faults.get("status", 503)
    headers = {"Retry-After": "1", "X-Phonestack-Fault": "injected"}
    if status == 429:
        headers.update({"X-RateLimit-Type": "QPS", "X-RateLimit-Remaining": "0"})
    raise ApiError(status, status, STATUSES[status], headers=headers)
