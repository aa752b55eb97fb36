"""The contract: the OpenAPI description generated from the API documents
(tools/gen_openapi.py), loaded once and indexed by operation.

The spec owns the wire format: routing, parameters, request validation and the response
schemas all come from here; providers only implement behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import orjson

SPEC_FILE = "openapi.json"


@dataclass(slots=True)
class Param:
    name: str
    location: str  # path | query
    required: bool
    schema: dict[str, Any]


@dataclass(slots=True)
class ErrorCode:
    status: int
    code: int
    message: str


@dataclass(slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    area: str
    tags: list[str]
    label: str  # LIGHT | MEDIUM | HEAVY | RESOURCE-INTENSIVE
    scopes: frozenset[str]  # classic and granular: any one of them grants access
    classic_scopes: tuple[str, ...]
    granular_scopes: tuple[str, ...]
    deprecated: bool
    path_params: list[Param]
    query_params: list[Param]
    body_schema: dict[str, Any] | None
    body_required: bool
    responses: dict[int, dict[str, Any] | None]  # status -> JSON schema (None: no body)
    error_codes: list[ErrorCode]
    success_status: int
    raw: dict[str, Any] = field(repr=False)

    def error(self, code: int) -> ErrorCode | None:
        for e in self.error_codes:
            if e.code == code:
                return e
        return None

    def error_matching(self, pattern: str) -> ErrorCode | None:
        rx = re.compile(pattern, re.I)
        for e in self.error_codes:
            if rx.search(e.message):
                return e
        return None


def _json_schema(media: dict[str, Any] | None) -> dict[str, Any] | None:
    if not media:
        return None
    content = media.get("content") or {}
    mt = content.get("application/json") or next(iter(content.values()), None)
    if not mt:
        return None
    return mt.get("schema")


def _operation(path: str, method: str, op: dict[str, Any]) -> Operation:
    params = [
        Param(p["name"], p["in"], bool(p.get("required", p["in"] == "path")), p.get("schema") or {})
        for p in op.get("parameters", [])
    ]
    responses: dict[int, dict[str, Any] | None] = {}
    for status, resp in (op.get("responses") or {}).items():
        if str(status).isdigit():
            responses[int(status)] = _json_schema(resp)
    ok = sorted(s for s in responses if 200 <= s < 300) or [200]
    body = op.get("requestBody")
    classic = tuple(op.get("x-scopes") or ())
    granular = tuple(op.get("x-granular-scopes") or ())
    return Operation(
        operation_id=op["operationId"],
        method=method.upper(),
        path=path,
        summary=op.get("summary", ""),
        area=op.get("x-area", ""),
        tags=list(op.get("tags") or ()),
        label=(op.get("x-rate-limit-label") or "LIGHT").upper(),
        scopes=frozenset(classic + granular),
        classic_scopes=classic,
        granular_scopes=granular,
        deprecated=bool(op.get("deprecated")),
        path_params=[p for p in params if p.location == "path"],
        query_params=[p for p in params if p.location == "query"],
        body_schema=_json_schema(body),
        body_required=bool(body and body.get("required")),
        responses=responses,
        error_codes=[
            ErrorCode(int(e["status"]), int(e["code"]), str(e.get("message", "")))
            for e in op.get("x-error-codes") or ()
            if str(e.get("code", "")).lstrip("-").isdigit()
        ],
        success_status=ok[0],
        raw=op,
    )


@cache
def document_bytes() -> bytes:
    return resources.files(__package__).joinpath(SPEC_FILE).read_bytes()


@cache
def load_document() -> dict[str, Any]:
    return orjson.loads(document_bytes())


@cache
def operations() -> dict[str, Operation]:
    """Every documented operation, by operationId."""
    doc = load_document()
    ops: dict[str, Operation] = {}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method.lower() in ("get", "post", "put", "patch", "delete"):
                o = _operation(path, method, op)
                ops[o.operation_id] = o
    return ops

