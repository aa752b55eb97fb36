"""Rate limits as Zoom applies them to the Phone APIs (reference-rate-limits.md): per account,
by the account's plan and the operation's label, per second (per minute for
RESOURCE-INTENSIVE) and per day (heavy and resource-intensive share the daily limit).

Off by default: most users run phonestack precisely to escape the cloud's throttling. Turn
them on for a server with ``PHONESTACK_RATE_LIMITS=zoom`` (the documented figures) or a JSON
object of custom figures (``{"LIGHT": 100, "MEDIUM": 50, "HEAVY": 10, "RESOURCE-INTENSIVE": 5,
"DAILY": 1000}``); an account's ``options.rate_limits`` ("off", "zoom" or such an object)
overrides the server's setting for that account.

Counters are in-process (exact for one worker), or in Redis when ``PHONESTACK_REDIS_URL`` is
set, shared by every worker.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import orjson

from .errors import ApiError

# label -> (requests, window in seconds); "DAILY" is the shared heavy + resource-intensive limit
ZOOM_PHONE: dict[str, dict[str, tuple[int, int]]] = {
    "pro": {"LIGHT": (20, 1), "MEDIUM": (10, 1), "HEAVY": (5, 1), "RESOURCE-INTENSIVE": (5, 60),
            "DAILY": (15_000, 86_400)},
    "business": {"LIGHT": (40, 1), "MEDIUM": (20, 1), "HEAVY": (10, 1), "RESOURCE-INTENSIVE": (10, 60),
                 "DAILY": (30_000, 86_400)},
}
log = logging.getLogger("phonestack.ratelimit")
CATEGORY = {"LIGHT": "Light", "MEDIUM": "Medium", "HEAVY": "Heavy", "RESOURCE-INTENSIVE": "Resource-intensive"}
PER_SECOND_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."
PER_MINUTE_MESSAGE = "You have reached the maximum per-minute rate limit for this API. Try again later."
DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. Refer to the response header for details "
    "on when you can make another request."
)


def parse_setting(value: Any) -> Any:
    """'off' | 'zoom' | {label: n} (n requests per the label's documented window)."""
    if value in (None, "", "off", False):
        return "off"
    if value in ("zoom", "documented", True):
        return "zoom"
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            pass  # neither a name nor JSON: refused below, with the value as given
    if isinstance(value, dict) and all(
        k in (*CATEGORY, "DAILY") and isinstance(v, int) and v >= 0 for k, v in value.items()
    ):
        return value
    raise ValueError(f"rate limits must be 'off', 'zoom' or an object of label -> count, not {value!r}")


class LocalCounters:
    """Fixed-window counters in this process: exact for one worker."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, window end)
        self._swept = 0.0

    def incr(self, key: str, window_end: float, now: float) -> int:
        if now - self._swept > 10:
            self._swept = now
            self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
        count = self._counts.get(key, (0, window_end))[0] + 1
        self._counts[key] = (count, window_end)
        return count


class RedisCounters:
    """The same counters in Redis (``PHONESTACK_REDIS_URL``): shared by every worker, so the
    limit is the account's, not the process's. INCR and EXPIRE go in one round trip."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.errors = redis.RedisError
        # While Redis is unreachable each worker counts on its own (limits per process, not per
        # account) rather than failing the API: rate limiting is a courtesy, not a data path.
        self.fallback = LocalCounters()
        self._warned = 0.0

    def incr(self, key: str, window_end: float, now: float) -> int:
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.incr(f"phonestack:rl:{key}")
            pipe.expireat(f"phonestack:rl:{key}", int(window_end) + 1)
            return int(pipe.execute()[0])
        except self.errors as exc:
            if now - self._warned > 30:
                self._warned = now
                log.warning("rate limits: Redis unreachable (%s); counting per process until it is back", exc)
            return self.fallback.incr(key, window_end, now)


class RateLimiter:
    def __init__(self, setting: Any = None, redis_url: str | None = None) -> None:
        self.default = parse_setting(os.environ.get("PHONESTACK_RATE_LIMITS") if setting is None else setting)
        redis_url = redis_url if redis_url is not None else os.environ.get("PHONESTACK_REDIS_URL")
        self.counters: LocalCounters | RedisCounters = RedisCounters(redis_url) if redis_url else LocalCounters()

    def figures(self, plan: str, account_setting: Any) -> dict[str, tuple[int, int]] | None:
        setting = self.default if account_setting is None else parse_setting(account_setting)
        if setting == "off":
            return None
        base = dict(ZOOM_PHONE.get(plan, ZOOM_PHONE["business"]))
        if isinstance(setting, dict):
            for label, n in setting.items():
                base[label] = (n, base[label][1])
        return base

    def check(self, account_id: str, plan: str, account_setting: Any, label: str,
              now: float | None = None) -> list[tuple[bytes, bytes]]:
        """Counts one request (refused ones count too, as the window's traffic); returns the
        rate-limit headers, or raises the 429."""
        figures = self.figures(plan, account_setting)
        if figures is None:
            return []
        now = time.time() if now is None else now
        limit, window = figures[label]
        end = (int(now // window) + 1) * window
        used = self.counters.incr(f"{account_id}:{label}:{end}", end, now)
        headers = []
        if label in ("HEAVY", "RESOURCE-INTENSIVE"):
            dlimit, dwindow = figures["DAILY"]
            dend = (int(now // dwindow) + 1) * dwindow
            dused = self.counters.incr(f"{account_id}:DAILY:{dend}", dend, now)
            if dused > dlimit:
                raise self._too_many(label, "Daily-limit", dlimit, dend - now, DAILY_MESSAGE)
            headers += [(b"x-ratelimit-daily-limit", str(dlimit).encode()),
                        (b"x-ratelimit-daily-remaining", str(dlimit - dused).encode())]
        if used > limit:
            message = PER_MINUTE_MESSAGE if window == 60 else PER_SECOND_MESSAGE
            raise self._too_many(label, "QPS", limit, end - now, message)
        return [
            (b"x-ratelimit-category", CATEGORY[label].encode()),
            (b"x-ratelimit-type", b"QPS"),
            (b"x-ratelimit-limit", str(limit).encode()),
            (b"x-ratelimit-remaining", str(limit - used).encode()),
            *headers,
        ]

    @staticmethod
    def _too_many(label: str, kind: str, limit: int, retry_in: float, message: str) -> ApiError:
        return ApiError(429, 429, message, headers={
            "X-RateLimit-Category": CATEGORY[label],
            "X-RateLimit-Type": kind,
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "Retry-After": str(max(1, int(retry_in + 0.999))),
        })
