"""Site settings by type: ``/phone/sites/{siteId}/settings/{settingType}``.

Each type is a ``phone_documents`` document of the site (section ``setting:<type>``) over the
documented example (account -> site). Lists the documents fill by id (holidays, security
device types) start empty; an overflow operator defaults to the site's main auto receptionist
and is always rendered from the real extension. See docs/phone/sites.md.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...spec import operations
from ...store import schema as t
from ...store.util import new_id
from .. import common as c
from .. import documents as docs
from .provider import _site, primary_ars

TYPES = ("audio_prompt", "billing_account", "business_hours", "closed_hours", "desk_phone", "dial_by_name",
         "holiday_hours", "location_based_routing", "outbound_caller_id", "security")
ALIASES = {"local_based_routing": "location_based_routing", "device_security": "security",
           "holidays": "holiday_hours"}
HOURS = ("business_hours", "closed_hours", "holiday_hours")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
MINUTE_TIMEOUTS = (5, 10, 15, 30)


def section(kind: str) -> str:
    return f"setting:{kind}"


def _invalid(message: str = "Validation Failed.", field: str | None = None) -> ApiError:
    if field:
        return ApiError(400, 300, "Validation Failed.", [{"field": field, "message": message}])
    return ApiError(400, 300, message)


def setting_type(ctx: Context) -> str:
    raw = ctx.path["settingType"]
    kind = ALIASES.get(raw, raw)
    if kind not in TYPES:
        raise _invalid(f"Invalid setting type: {raw}. One of: {', '.join(TYPES)}.", "settingType")
    return kind


_DEFAULTS: dict[str, Any] | None = None


def defaults(kind: str) -> dict[str, Any]:
    global _DEFAULTS
    if _DEFAULTS is None:
        ex = docs.example_of(operations()["getPhoneSiteSetting"])
        for k in HOURS:
            if isinstance(ex.get(k), dict) and isinstance(ex[k].get("overflow"), dict):
                ex[k]["overflow"].pop("operator", None)  # the site's main AR unless set
        if isinstance(ex.get("holiday_hours"), dict):
            ex["holiday_hours"]["holidays"] = []
        ex["security"] = {"device_types": []}
        ex["billing_account"] = {}
        ex["audio_prompt"] = {"language": "en-US"}
        _DEFAULTS = ex
    return copy.deepcopy(_DEFAULTS.get(kind) or {})


# --- rendering ----------------------------------------------------------------------------------


def _operator(conn, ext_id: str | None) -> dict[str, Any] | None:  # noqa: ANN001
    if not ext_id:
        return None
    row = conn.execute(select(t.extensions).where(t.extensions.c.id == ext_id)).first()
    if row is None:
        return None
    out = {"extension_id": row.id, "display_name": row.name, "extension_type": row.type}
    if row.extension_number is not None:
        out["extension_number"] = row.extension_number
    return out


def _audio(conn, account_id: str, audio_id: str) -> dict[str, str]:  # noqa: ANN001
    name = conn.execute(select(t.audio_items.c.name).where(t.audio_items.c.account_id == account_id,
                                                            t.audio_items.c.id == audio_id)).scalar()
    out = {"audio_id": audio_id if name is not None else f"removed_{audio_id}"}
    if name is not None:
        out["name"] = name
    return out


def _render_audio(conn, account_id: str, value: Any) -> Any:  # noqa: ANN001
    if isinstance(value, dict):
        if "audio_id" in value:
            return _audio(conn, account_id, value["audio_id"])
        return {k: _render_audio(conn, account_id, v) for k, v in value.items()}
    return value


def render(ctx: Context, site: Any, kind: str) -> dict[str, Any]:
    conn = ctx.conn
    value = docs.resolve(conn, [("account", ctx.account_id), ("site", site.id)], section(kind), defaults(kind))
    if kind in HOURS and isinstance(value.get("overflow"), dict):
        ov = value["overflow"]
        op_id = (ov.pop("operator", None) or {}).get("extension_id")
        if not op_id:
            ar = primary_ars(conn, [site.id]).get(site.id)
            op_id = ar.id if ar is not None else None
        operator = _operator(conn, op_id)
        if operator:
            ov["operator"] = operator
    if kind == "billing_account":
        ba_id = value.get("id")
        value = {}
        if ba_id:
            name = conn.execute(select(t.billing_accounts.c.name).where(
                t.billing_accounts.c.account_id == ctx.account_id, t.billing_accounts.c.id == ba_id)).scalar()
            if name is not None:
                value = {"id": ba_id, "name": name}
    if kind == "audio_prompt":
        value = _render_audio(conn, ctx.account_id, value)
    return value


@provider("GET /phone/sites/{siteId}/settings/{settingType}")
def get_setting(ctx: Context) -> dict[str, Any]:
    site = _site(ctx)
    kind = setting_type(ctx)
    return {kind: render(ctx, site, kind)}


# --- validation ---------------------------------------------------------------------------------


def _check_overflow(ctx: Context, value: Any, field: str) -> None:
    if not isinstance(value, dict):
        return
    op = value.get("overflow", {}).get("operator") if isinstance(value.get("overflow"), dict) else None
    if isinstance(op, dict) and op.get("extension_id"):
        row = c.find_extension(ctx.conn, ctx.account_id, str(op["extension_id"]))
        if row is None:
            raise _invalid(f"Extension does not exist: {op['extension_id']}", f"{field}.overflow.operator")
        value["overflow"]["operator"] = {"extension_id": row.id}


def _check_holiday(h: Any, i: int) -> dict[str, str]:
    if not isinstance(h, dict):
        raise _invalid("Must be an object.", f"holidays[{i}]")
    name, start, end = h.get("name"), h.get("from"), h.get("to")
    if not isinstance(name, str) or not name.strip():
        raise _invalid("The name of the holiday is required.", f"holidays[{i}].name")
    for k, v in (("from", start), ("to", end)):
        if not isinstance(v, str) or not ISO.match(v):
            raise _invalid("Use the yyyy-MM-dd'T'HH:mm:ss'Z' format.", f"holidays[{i}].{k}")
    if start >= end:
        raise _invalid("The holiday must end after it starts.", f"holidays[{i}].to")
    return {"name": name.strip(), "from": start, "to": end}


def _audio_ids(value: Any) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "audio_id" and isinstance(v, str):
                out.append(v)
            else:
                out += _audio_ids(v)
    return out


def _changes(ctx: Context, site: Any, kind: str) -> dict[str, Any]:
    body = c.body(ctx)
    if kind == "desk_phone":
        if not isinstance(body.get("desk_phone"), dict) and not isinstance(body.get("general_setting"), dict):
            raise _invalid("The desk_phone setting is required.", "desk_phone")
        value = copy.deepcopy(body.get("desk_phone") or {})
        if isinstance(body.get("general_setting"), dict):
            value["general_setting"] = copy.deepcopy(body["general_setting"])
        hd = value.get("hot_desking_session_timeout")
        if isinstance(hd, dict):
            unit = hd.get("unit", "hours")
            n = hd.get("number")
            if (unit == "minutes" and n not in MINUTE_TIMEOUTS) or (unit == "hours" and n == 30):
                raise _invalid("Hot-desking session timeout setting is invalid.")
            hd["unit"] = unit
        gs = value.get("general_setting")
        if isinstance(gs, dict) and gs.get("setting_type", "account_setting") == "account_setting":
            gs.pop("web_interface", None)
        return value
    value = body.get(kind)
    if not isinstance(value, dict):
        raise _invalid(f"The {kind} setting is required.", kind)
    value = copy.deepcopy(value)
    if kind in HOURS:
        _check_overflow(ctx, value, kind)
    if kind == "business_hours":
        for i, h in enumerate(value.get("custom_hours") or []):
            for k in ("from", "to"):
                if k in h and not HHMM.match(str(h[k])):
                    raise _invalid("Use the HH:mm format.", f"business_hours.custom_hours[{i}].{k}")
            if h.get("from") and h.get("to") and h["from"] >= h["to"]:
                raise _invalid("The custom hours must end after they start.", f"business_hours.custom_hours[{i}]")
    if kind == "holiday_hours" and "holidays" in value:
        current = {h["holiday_id"]: h for h in render(ctx, site, kind).get("holidays", [])}
        merged = dict(current)
        for i, h in enumerate(value["holidays"] or []):
            hid = h.get("holiday_id") if isinstance(h, dict) else None
            if hid:
                if hid not in current:
                    raise _invalid(f"Holiday does not exist: {hid}.", f"holidays[{i}].holiday_id")
                merged[hid] = {"holiday_id": hid, **_check_holiday({**current[hid], **h}, i)}
            else:
                nid = new_id()
                merged[nid] = {"holiday_id": nid, **_check_holiday(h, i)}
        value["holidays"] = list(merged.values())
    if kind == "billing_account":
        ba = value.get("id")
        if not ba or ctx.conn.execute(select(t.billing_accounts.c.id).where(
                t.billing_accounts.c.account_id == ctx.account_id, t.billing_accounts.c.id == ba)).first() is None:
            raise _invalid(f"Billing account does not exist: {ba}.", "billing_account.id")
        value = {"id": ba}
    if kind == "audio_prompt":
        missing = [a for a in _audio_ids(value) if ctx.conn.execute(select(t.audio_items.c.id).where(
            t.audio_items.c.account_id == ctx.account_id, t.audio_items.c.id == a)).first() is None]
        if missing:
            raise _invalid(f"Prompt files do not exist, audio ids: {','.join(missing)}.")
    return value


@provider("PATCH /phone/sites/{siteId}/settings/{settingType}")
def update_setting(ctx: Context) -> None:
    site = _site(ctx)
    kind = setting_type(ctx)
    changes = _changes(ctx, site, kind)
    docs.patch(ctx.conn, ctx.account_id, site.id, section(kind), changes, allow_reset=False)
    return None


@provider("POST /phone/sites/{siteId}/settings/{settingType}")
def add_setting(ctx: Context) -> dict[str, Any]:
    site = _site(ctx)
    kind = setting_type(ctx)
    body = c.body(ctx)
    if kind == "holiday_hours":
        items = body.get("holidays")
        if not isinstance(items, list) or not items:
            raise _invalid("At least one holiday is required.", "holidays")
        added = [{"holiday_id": new_id(), **_check_holiday(h, i)} for i, h in enumerate(items)]
        current = render(ctx, site, kind).get("holidays", [])
        docs.patch(ctx.conn, ctx.account_id, site.id, section(kind), {"holidays": current + added},
                   allow_reset=False)
        return {"holidays": added}
    if kind == "security":
        device = body.get("device_type")
        if not isinstance(device, str) or not device.strip():
            raise _invalid("The device type is required.", "device_type")
        types = render(ctx, site, kind).get("device_types", [])
        if device.strip() in types:
            raise _invalid(f"Device type {device.strip()} is already added.", "device_type")
        docs.patch(ctx.conn, ctx.account_id, site.id, section(kind), {"device_types": types + [device.strip()]},
                   allow_reset=False)
        return {}
    raise _invalid(f"Setting type {kind} has no entries to add: use PATCH.", "settingType")


@provider("DELETE /phone/sites/{siteId}/settings/{settingType}")
def delete_setting(ctx: Context) -> None:
    site = _site(ctx)
    kind = setting_type(ctx)
    docs.store(ctx.conn, ctx.account_id, site.id, section(kind), {})
    return None
