"""Providers implement operations by operationId; the contract does the rest.

A provider is ``def handler(ctx: Context) -> body | None | Response``. An operation of the
contract with no provider answers 501 ``{"code": 501, "message": "<operationId> is not
implemented yet"}``; ``phonestack coverage`` lists them by area.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]
PROVIDERS: dict[str, Handler] = {}
# GETs whose answers may be kept while the database is unchanged (http/answers.py).
CACHED_ANSWERS: set[str] = set()

# One module per domain area (moto style: the area's queries and HTTP glue side by side).
AREA_MODULES = (
    "phonestack.platform.provider",
    "phonestack.numbers.provider",
    "phonestack.sip_audio.provider",
    "phonestack.phone.account.provider",
    "phonestack.phone.sites.provider",
    "phonestack.phone.users.provider",
    "phonestack.phone.emergency.provider",
    "phonestack.phone.call_queues.provider",
    "phonestack.phone.auto_receptionists.provider",
    "phonestack.phone.common_areas.provider",
    "phonestack.phone.devices.provider",
    "phonestack.phone.shared_line_groups.provider",
    "phonestack.phone.extensions.provider",
    "phonestack.phone.numbers.provider",
    "phonestack.phone.roles.provider",
    "phonestack.phone.alerts.provider",
    "phonestack.phone.rooms.provider",
    "phonestack.phone.monitoring.provider",
    "phonestack.phone.restrictions.provider",
    "phonestack.phone.call_pickup.provider",
    "phonestack.phone.provisioning.provider",
    "phonestack.phone.directory.provider",
    "phonestack.phone.audios.provider",
    "phonestack.phone.sms.provider",
    "phonestack.phone.carriers.provider",
    "phonestack.activity.provider",
    "phonestack.messaging.provider",
    "phonestack.insights.provider",
)


def provider(operation: str, *, cache: bool = False) -> Callable[[Handler], Handler]:
    """Register ``fn`` for an operation, named by its operationId or as "METHOD /path"
    exactly as the contract writes it (e.g. "GET /phone/numbers/{phoneNumberId}").
    ``cache``: a GET whose answer depends on the database, the account, the path, the query and
    the base URL only (no clock but a page token's expiry, no randomness), kept while the
    database is unchanged (http/answers.py)."""

    def register(fn: Handler) -> Handler:
        op_id = _resolve(operation)
        if op_id in PROVIDERS and PROVIDERS[op_id] is not fn:
            raise ValueError(f"two providers for {op_id}")
        PROVIDERS[op_id] = fn
        if cache:
            CACHED_ANSWERS.add(op_id)
        return fn

    return register


def _resolve(operation: str) -> str:
    from . import spec

    ops = spec.operations()
    if operation in ops:
        return operation
    method, _, path = operation.partition(" ")
    for op in ops.values():
        if op.method == method.upper() and op.path == path:
            return op.operation_id
    raise KeyError(f"the contract has no operation {operation!r}")


def load_providers() -> dict[str, Handler]:
    for mod in AREA_MODULES:
        importlib.import_module(mod)
    return PROVIDERS
