"""What an account's own requests looked like, for the console's API activity page.

``RequestLog`` is an in-memory ring of the recent API requests of each account, filled by
``Server.api`` (one tuple appended to a bounded deque per request: no I/O, no lock, no
database). It is **per process**: with several workers each one remembers the requests it
served, and ``GET /_phonestack/activity`` answers from the worker that receives it.

``rate_limit_usage`` reads the rate limiter's current windows (http/ratelimit.py's counters,
in-process or Redis) without counting a request.
"""

from __future__ import annotations

import os
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

RING_SIZE = int(os.environ.get("PHONESTACK_ACTIVITY_RING", "500"))  # requests kept per account
MAX_ACCOUNTS = 1000  # accounts remembered per process (the least recently added account goes first)


class RequestLog:
    __slots__ = ("size", "_rings")

    def __init__(self, size: int = RING_SIZE) -> None:
        self.size = max(1, size)
        self._rings: dict[str, deque] = {}

    def record(self, account_id: str, entry: tuple) -> None:
        """``entry``: (unix time, method, path, query, operationId, label, status, latency ms)."""
        ring = self._rings.get(account_id)
        if ring is None:
            if len(self._rings) >= MAX_ACCOUNTS:
                self._rings.pop(next(iter(self._rings)), None)
            ring = self._rings[account_id] = deque(maxlen=self.size)
        ring.append(entry)

    def recent(self, account_id: str, limit: int | None = None) -> list[tuple]:
        """Newest first."""
        ring = self._rings.get(account_id)
        if not ring:
            return []
        items = list(ring)
        items.reverse()
        return items if limit is None else items[:limit]


def view(entry: tuple) -> dict[str, Any]:
    at, method, path, query, operation_id, label, status, ms = entry
    return {
        "time": datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "method": method,
        "path": path,
        "query": query,
        "operation_id": operation_id,
        "label": label,
        "status": status,
        "latency_ms": round(ms, 2),
    }


def summary(entries: list[tuple], now: float) -> dict[str, Any]:
    latencies = sorted(e[7] for e in entries)
    by_label: dict[str, dict[str, int]] = {}
    for e in entries:
        row = by_label.setdefault(e[5], {"requests": 0, "last_second": 0, "last_minute": 0, "errors": 0})
        row["requests"] += 1
        age = now - e[0]
        if age <= 1:
            row["last_second"] += 1
        if age <= 60:
            row["last_minute"] += 1
        if e[6] >= 400:
            row["errors"] += 1

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "requests": len(entries),
        "errors": sum(1 for e in entries if e[6] >= 400),
        "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "max": round(latencies[-1], 2) if latencies else None},
        "by_label": by_label,
    }


def _peek(counters: Any, key: str, now: float) -> int:
    """The count of a rate-limit window without counting a request (in-process or Redis)."""
    local = getattr(counters, "_counts", None)
    if isinstance(local, dict):
        count, end = local.get(key, (0, 0.0))
        return count if end > now else 0
    client = getattr(counters, "client", None)
    if client is not None:
        try:
            value = client.get(f"phonestack:rl:{key}")
        except Exception:  # noqa: BLE001 - Redis down: the limiter counts per process meanwhile
            fallback = getattr(counters, "fallback", None)
            return _peek(fallback, key, now) if fallback is not None else 0
        return int(value or 0)
    return 0


def rate_limit_usage(limiter: Any, principal: Any, now: float | None = None) -> dict[str, Any]:
    """Per label: the limit, its window, what the current window has used and when it resets."""
    from ..http.ratelimit import CATEGORY

    now = time.time() if now is None else now
    figures = limiter.figures(principal.plan, principal.rate_limits)
    if figures is None:
        return {"enabled": False, "plan": principal.plan, "labels": []}
    labels = []
    for label, (limit, window) in figures.items():
        end = (int(now // window) + 1) * window
        used = _peek(limiter.counters, f"{principal.account_id}:{label}:{end}", now)
        labels.append({
            "label": label,
            "category": CATEGORY.get(label, "Daily"),
            "limit": limit,
            "window_seconds": window,
            "used": used,
            "remaining": max(0, limit - used),
            "resets_in_seconds": round(end - now, 3),
        })
    return {"enabled": True, "plan": principal.plan, "labels": labels}
