"""Request validation against the contract, before any provider runs.

Schemas are compiled to Python code by fastjsonschema the first time an operation is
called, then cached: validation costs a function call on the hot path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import fastjsonschema
import orjson

from ..spec import Operation, Param
from .errors import INVALID_JSON, ApiError

Validator = Callable[[Any], Any]
_FIELD = re.compile(r"^data\.?")
_NO_FORMATS: dict[str, Any] = {
    # Formats we do not check beyond their type (fastjsonschema rejects unknown ones).
    "int32": lambda v: True,
    "int64": lambda v: True,
    "double": lambda v: True,
    "float": lambda v: True,
    "binary": lambda v: True,
    "byte": lambda v: True,
    "password": lambda v: True,
    "uuid": lambda v: True,
    "uri": lambda v: True,
    "url": lambda v: True,
    "email": lambda v: isinstance(v, str) and "@" in v,
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "date-time": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$",
}


def compile_schema(schema: dict[str, Any]) -> Validator:
    return fastjsonschema.compile(_strip(schema), formats=_NO_FORMATS, use_default=False)


_NOT_JSON_SCHEMA = frozenset(("example", "examples", "description", "xml", "externalDocs", "deprecated"))


def _strip(schema: Any) -> Any:
    """Drop OpenAPI-only keywords that are not JSON Schema (examples are large and unused).
    Names under ``properties`` are data, not keywords: a property called "description" stays."""
    if isinstance(schema, dict):
        out = {}
        for k, v in schema.items():
            if k in _NOT_JSON_SCHEMA or k.startswith("x-"):
                continue
            if k in ("properties", "patternProperties", "$defs", "definitions") and isinstance(v, dict):
                out[k] = {name: _strip(sub) for name, sub in v.items()}
            else:
                out[k] = _strip(v)
        return out
    if isinstance(schema, list):
        return [_strip(v) for v in schema]
    return schema


def field_of(exc: fastjsonschema.JsonSchemaValueException) -> str:
    name = _FIELD.sub("", exc.name or "")
    return name or "body"


# When an operation documents its own code for a kind of invalid input, validation answers
# with that code (e.g. 1003 "Too many numbers, should less than 200" for an array over its
# maxItems, 999 "Invalid value (...)" for a bad filter); otherwise Zoom's generic 300.
_DOCUMENTED = {
    "maxItems": re.compile(r"too many|should less than|limited to|up to \d+", re.I),
    "minItems": re.compile(r"cannot be empty|can not be empty|must not be empty", re.I),
    # a missing field whose own "<field> cannot be empty" the operation documents (1002006)
    "required": re.compile(r"cannot be empty|can not be empty|is required", re.I),
    # A filter value outside its enum: e.g. 999 "Invalid value (e.g., allocated_product, ...)".
    # Body fields of the wrong type stay 300 "Validation Failed." with the field named.
    "query": re.compile(r"^invalid (value|param)", re.I),
}


def documented_code(op: Operation | None, rule: str, where: str, field: str) -> tuple[int, str] | None:
    if op is None:
        return None
    name = re.split(r"[.\[]", field)[-1]
    for key in (rule, where if rule == "enum" else ""):
        rx = _DOCUMENTED.get(key)
        if rx is None:
            continue
        for e in op.error_codes:
            if e.status != 400 or e.code == 300 or not rx.search(e.message):
                continue
            if key == "required" and not re.search(rf"\b{re.escape(name)}\b", e.message, re.I):
                continue
            return e.code, e.message
    return None


def schema_error(exc: fastjsonschema.JsonSchemaValueException, prefix: str = "", op: Operation | None = None,
                 where: str = "body") -> ApiError:
    field = field_of(exc)
    if prefix:
        field = prefix if field == "body" else f"{prefix}.{field}"
    detail = _FIELD.sub("", exc.message or "").strip()
    if exc.rule == "required":
        # fastjsonschema names the object, not the missing member: name the member.
        m = re.search(r"must contain \[(.*)\] properties", exc.message or "")
        missing = [s.strip(" '") for s in m.group(1).split(",")] if m else []
        if missing:
            present = exc.value if isinstance(exc.value, dict) else {}
            lacking = [x for x in missing if x not in present] or missing
            base = "" if field == "body" else field + "."
            field = base + lacking[0]
            detail = "This field is required."
    errors = [{"field": field, "message": detail or "Invalid field."}]
    documented = documented_code(op, exc.rule or "", where, field)
    if documented is not None:
        return ApiError(400, documented[0], documented[1], errors)
    return ApiError(400, 300, "Validation Failed.", errors)


def parse_multipart(raw: bytes, op: Operation) -> dict[str, Any]:
    """A multipart/form-data body (``POST /fax/files``): {name: text, or {filename, content_type,
    content: bytes} for a file part}. The boundary is the body's first line."""
    first = raw.lstrip(b"\r\n").partition(b"\r\n")[0]
    if not first.startswith(b"--") or len(first) < 3:
        raise ApiError(400, 300, "Request Body should be multipart/form-data.")
    out: dict[str, Any] = {}
    for part in raw.split(first)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        disp = dict(re.findall(r'(\w+)="([^"]*)"', headers.get("content-disposition", "")))
        if "name" not in disp:
            continue
        if "filename" in disp:
            out[disp["name"]] = {"filename": disp["filename"], "content": content,
                                 "content_type": headers.get("content-type", "application/octet-stream")}
        else:
            out[disp["name"]] = content.decode("utf-8", "replace")
    for name in (op.body_schema or {}).get("required", []):
        if name not in out:
            raise ApiError(400, 300, "Validation Failed.", [{"field": name, "message": "This field is required."}])
    return out


class OperationValidator:
    """Everything needed to validate one operation's requests, built on first use."""

    __slots__ = ("op", "body", "query", "query_params", "body_is_array")

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.body = compile_schema(op.body_schema) if op.body_schema else None
        self.body_is_array = bool(op.body_schema and op.body_schema.get("type") == "array")
        self.query_params: dict[str, Param] = {p.name: p for p in op.query_params}
        if op.query_params:
            self.query = compile_schema(
                {
                    "type": "object",
                    "properties": {p.name: p.schema for p in op.query_params},
                    "required": [p.name for p in op.query_params if p.required],
                }
            )
        else:
            self.query = None

    def parse_body(self, raw: bytes, op: Operation) -> Any:
        if not raw.strip():
            if op.body_required:
                raise ApiError(*INVALID_JSON)
            return {} if not self.body_is_array else None
        if "multipart/form-data" in ((op.raw.get("requestBody") or {}).get("content") or {}):
            return parse_multipart(raw, self.op)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise ApiError(*INVALID_JSON) from None
        if self.body_is_array:
            if not isinstance(data, list):
                raise ApiError(400, 300, "Request Body should be a valid JSON array.")
        elif not isinstance(data, dict):
            raise ApiError(*INVALID_JSON)
        if self.body is not None:
            try:
                self.body(data)
            except fastjsonschema.JsonSchemaValueException as exc:
                raise schema_error(exc, op=self.op, where="body") from None
        return data

    def parse_query(self, raw: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in raw.items():
            p = self.query_params.get(name)
            if p is None or (name == "next_page_token" and value == ""):
                continue  # unknown parameters are ignored, as Zoom does
            out[name] = coerce(value, p.schema, name)
        if self.query is not None:
            try:
                self.query(out)
            except fastjsonschema.JsonSchemaValueException as exc:
                raise schema_error(exc, op=self.op, where="query") from None
        return out


def _types(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    if isinstance(t, list):
        return [x for x in t if x != "null"]
    return [t] if t else []


def coerce(value: str, schema: dict[str, Any], name: str) -> Any:
    """Query strings are text: convert them to the type the contract gives the parameter."""
    types = _types(schema)
    try:
        if "integer" in types:
            return int(value)
        if "number" in types:
            return float(value)
        if "boolean" in types:
            low = value.lower()
            if low in ("true", "1"):
                return True
            if low in ("false", "0"):
                return False
            raise ValueError(value)
        if "array" in types:
            item = schema.get("items") or {}
            return [coerce(v, item, name) for v in value.split(",") if v != ""]
    except ValueError:
        kind = types[0] if types else "value"
        raise ApiError(
            400, 300, "Validation Failed.", [{"field": name, "message": f"Invalid field: {name} must be {kind}."}]
        ) from None
    return value
