"""Common areas: details, calling plans, phone numbers, settings, PIN, activation codes, templates: providers (HTTP glue).

A common area is an ``extensions`` row of type commonArea. Its policy is the ``policy`` document
(account -> site -> common area), its holiday and custom hours the site's documents
(``setting:holiday_hours``, ``setting:business_hours``) overridden per common area, its desk
phones the ``device_assignments`` rows. See docs/phone/common-areas-and-devices.md.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update

from ...countries import COUNTRIES
from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import iso, new_id, utcnow
from .. import common as c
from .. import documents as docs
from ..devices import queries as dq
from . import views as v

EXT = t.extensions
ACTIVATION_CODE = "activation_code"
ACTIVATION_TTL = timedelta(days=7)
MAX_BATCH = 50
MAX_HOLIDAYS = 10
PIN_MIN, PIN_MAX = 4, 10


# --- helpers --------------------------------------------------------------------------------------


def _missing(ctx: Context, key: str) -> ApiError:
    """The operation's documented "common area does not exist" error, with the id filled in."""
    for e in ctx.op.error_codes:
        if "ommon area does not exist" in e.message:
            msg = e.message.replace("{commonAreaId}", key).replace("{0}", key)
            return ApiError(e.status, e.code, msg)
    return ApiError(404, 404, f"Common area does not exist: {key}.")


def _area(ctx: Context, key: str | None = None):  # noqa: ANN202
    key = key if key is not None else ctx.path["commonAreaId"]
    return c.get_extension(ctx, key, c.COMMON_AREA, _missing(ctx, key))


def _reload(ctx: Context, area_id: str):  # noqa: ANN202
    return ctx.conn.execute(select(EXT).where(EXT.c.id == area_id)).first()


def _add_error(ctx: Context, detail: str, field: str) -> ApiError:
    """addCommonArea documents one 300 whose message joins several: answer the one that applies."""
    return ApiError(400, 300, detail, [{"field": field, "message": detail}])


def _timezone(value: Any, err) -> str:  # noqa: ANN001
    tz = str(value or "").strip()
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise err("Timezone not found in the system.", "timezone") from None
    return tz


def _country(value: Any, err) -> str:  # noqa: ANN001
    code = str(value or "").strip().upper()
    if code not in COUNTRIES:
        raise err("This country is not supported by Zoom Phone.", "country_iso_code")
    return code


def _template(ctx: Context, template_id: str, err) -> Any:  # noqa: ANN001
    st = t.setting_templates
    row = ctx.conn.execute(select(st).where(st.c.account_id == ctx.account_id, st.c.id == template_id)).first()
    if row is None or row.type != c.COMMON_AREA:
        raise err(f"The template type error or the template does not exist:{template_id}.", "template_id")
    return row


def _apply_template(ctx: Context, area, template) -> None:  # noqa: ANN001
    """Copy the template's settings into the common area: the whole ``settings`` into its
    settings document, ``policy`` into its policy, ``profile`` (country, area code, time zone)
    into its details; the template id is recorded in its details."""
    settings = dict((template.details or {}).get("settings") or {})
    if settings:
        docs.patch(ctx.conn, ctx.account_id, area.id, "settings", settings, allow_reset=False)
    if isinstance(settings.get("policy"), dict) and settings["policy"]:
        docs.patch(ctx.conn, ctx.account_id, area.id, "policy", settings["policy"], allow_reset=False)
    details = dict(area.details or {})
    profile = settings.get("profile") or {}
    if profile.get("country") in COUNTRIES:
        details["country_iso_code"] = profile["country"]
    if profile.get("area_code"):
        details["area_code"] = str(profile["area_code"])
    if profile.get("timezone"):
        details["timezone"] = profile["timezone"]
    details["template_id"] = template.id
    c.update_extension(ctx, area, details=details)


def _ids(ctx: Context, field: str = "common_area_ids") -> list[str]:
    keys = c.body(ctx).get(field)
    if not isinstance(keys, list) or not keys:
        raise c.invalid(field, "At least one common area ID is required.")
    if len(keys) > MAX_BATCH:
        doc = next((e for e in ctx.op.error_codes if e.code == 400 and "size must be less than" in e.message), None)
        msg = doc.message.split(". ")[0].rstrip(".") + "." if doc else f"Common area size must be less than {MAX_BATCH}."
        raise ApiError(400, 400, msg)
    for i, k in enumerate(keys):
        if not isinstance(k, str) or not k.strip():
            raise c.invalid(f"{field}[{i}]", "The common area ID is required.")
    return list(dict.fromkeys(k.strip() for k in keys))


# --- list / add / get / update / delete -----------------------------------------------------------


@provider("GET /phone/common_areas")
def list_common_areas(ctx: Context) -> dict[str, Any]:
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == c.COMMON_AREA)
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    return {"common_areas": v.list_items(ctx.conn, rows), "next_page_token": token, "page_size": size,
            "total_records": total}


@provider("POST /phone/common_areas")
def add_common_area(ctx: Context) -> dict[str, Any]:
    body = c.body(ctx)
    err = lambda detail, field: _add_error(ctx, detail, field)  # noqa: E731
    name = str(body.get("display_name") or "").strip()
    if len(name) < 3:
        raise err("The display name must have at least three characters.", "display_name")
    if body.get("site_id"):
        site = c.site_row(ctx.conn, ctx.account_id, str(body["site_id"]))
        if site is None:
            raise err(f"Site does not exist: {body['site_id']}.", "site_id")
    else:
        site = c.main_site(ctx.conn, ctx.account_id)
    details: dict[str, Any] = {}
    if body.get("timezone"):
        details["timezone"] = _timezone(body["timezone"], err)
    if body.get("country_iso_code"):
        details["country_iso_code"] = _country(body["country_iso_code"], err)
    template = None
    if body.get("template_id"):
        template = _template(ctx, str(body["template_id"]), err)
        if template.site_id and site is not None and template.site_id != site.id:
            raise err("The template's site is not the same as the common area's site.", "template_id")
    ext = body.get("extension_number")
    if ext is not None and (not isinstance(ext, int) or ext <= 0):
        raise err("The extension number must be a positive integer.", "extension_number")
    plans = body.get("calling_plans")
    area_id = c.insert_extension(
        ctx, kind=c.COMMON_AREA, name=name, site_id=site.id if site is not None else None, extension_number=ext,
        details=details,
        conflict=err(f"Extension number {ext} is already in use in this account.", "extension_number"),
    )
    area = _reload(ctx, area_id)
    if plans:
        c.assign_calling_plans(ctx, area, plans)
    if template is not None:
        _apply_template(ctx, area, template)
    return {"id": area_id, "display_name": name}


@provider("GET /phone/common_areas/{commonAreaId}")
def get_common_area(ctx: Context) -> dict[str, Any]:
    return v.details(ctx.conn, ctx.account_id, _area(ctx))


@provider("PATCH /phone/common_areas/{commonAreaId}")
def update_common_area(ctx: Context) -> None:
    area = _area(ctx)
    body = c.body(ctx)
    err = lambda detail, field: _add_error(ctx, detail, field)  # noqa: E731
    values: dict[str, Any] = {}
    details = dict(area.details or {})
    # 1. validate everything
    if "display_name" in body:
        name = str(body["display_name"] or "").strip()
        if len(name) < 3:
            raise err("The display name must have at least three characters.", "display_name")
        values["name"] = name
    ext = body.get("extension_number")
    if ext is not None:
        if not isinstance(ext, int) or ext <= 0:
            raise err("The extension number must be a positive integer.", "extension_number")
        values["extension_number"] = ext
    site = None
    if body.get("site_id") and body["site_id"] != area.site_id:
        site = c.site_row(ctx.conn, ctx.account_id, str(body["site_id"]))
        if site is None:
            raise err(f"Site does not exist: {body['site_id']}.", "site_id")
        values["site_id"] = site.id
    for key in ("cost_center", "department", "area_code"):
        if key in body:
            details[key] = str(body[key] or "")
    if "default_transcription_language" in body:
        details["default_transcription_language"] = body["default_transcription_language"]
    if body.get("timezone"):
        details["timezone"] = _timezone(body["timezone"], err)
    if body.get("country_iso_code"):
        details["country_iso_code"] = _country(body["country_iso_code"], err)
    if "emergency_address_id" in body:
        ea_id = str(body["emergency_address_id"] or "")
        ea = t.emergency_addresses
        if ea_id and ctx.conn.execute(select(ea.c.id).where(ea.c.account_id == ctx.account_id,
                                                             ea.c.id == ea_id)).first() is None:
            raise err(f"Emergency address does not exist: {ea_id}.", "emergency_address_id")
        details["emergency_address_id"] = ea_id
    if "outbound_caller_id" in body:
        number = str(body["outbound_caller_id"] or "")
        if number and c.number_of_entity(ctx, area.id, number) is None:
            raise err(f"The outbound caller ID must be one of the common area's numbers: {number}.",
                      "outbound_caller_id")
        details["outbound_caller_id"] = number
    policy = body.get("policy")
    if isinstance(policy, dict) and policy:
        locked = docs.locked_keys(ctx.conn, v.chain(ctx.account_id, area), "policy")
        for key in policy:
            if key in locked:
                raise err(f"The policy {key} is locked by the {locked[key]}.", f"policy.{key}")
    # 2. write
    if details != (area.details or {}):
        values["details"] = details
    conflict = ctx.error(409) if ctx.op.error(409) else None
    c.update_extension(ctx, area, conflict=conflict, **values)
    if site is not None:
        _move_site(ctx, area, site.id)
    if isinstance(policy, dict) and policy:
        docs.patch(ctx.conn, ctx.account_id, area.id, "policy", policy)
    return None


def _move_site(ctx: Context, area, site_id: str) -> None:  # noqa: ANN001
    """The common area's numbers follow it; so do the desk phones it alone uses; a desk phone it
    shares with extensions of the old site is unassigned from it (one site per device)."""
    pn = t.phone_numbers
    ctx.conn.execute(update(pn).where(pn.c.assignee_id == area.id).values(site_id=site_id, updated_at=utcnow()))
    devices = dq.devices_of(ctx.conn, [area.id])[area.id]
    assignees = dq.assignees_of(ctx.conn, [d.id for d in devices])
    for d in devices:
        if len(assignees[d.id]) == 1:
            ctx.conn.execute(update(dq.DEV).where(dq.DEV.c.id == d.id).values(site_id=site_id, updated_at=utcnow()))
        else:
            dq.unassign(ctx, d.id, [area.id])


@provider("DELETE /phone/common_areas/{commonAreaId}")
def delete_common_area(ctx: Context) -> None:
    c.delete_extension(ctx, _area(ctx))
    return None


# --- calling plans and numbers --------------------------------------------------------------------


@provider("POST /phone/common_areas/{commonAreaId}/calling_plans")
def assign_calling_plans(ctx: Context) -> dict[str, Any]:
    area = _area(ctx)
    types = c.assign_calling_plans(ctx, area, c.body(ctx).get("calling_plans"))
    plans = v.plans_of(ctx.conn, [area.id])[area.id]
    out = []
    for p in plans:
        if p["type"] in types:
            out.append({k: p[k] for k in ("type", "name", "billing_account_id", "billing_account_name") if k in p})
    return {"calling_plans": out}


@provider("DELETE /phone/common_areas/{commonAreaId}/calling_plans/{type}")
def unassign_calling_plan(ctx: Context) -> None:
    area = _area(ctx)
    raw = str(ctx.path["type"])
    if not raw.isdigit() or not c.unassign_calling_plan(ctx, area.id, int(raw)):
        raise ApiError(400, 300, f"The common area has no calling plan of type {raw}.",
                       [{"field": "type", "message": "Not assigned to the common area."}])
    return None


@provider("POST /phone/common_areas/{commonAreaId}/phone_numbers")
def assign_phone_numbers(ctx: Context) -> dict[str, Any]:
    area = _area(ctx)
    rows = c.resolve_numbers(ctx, c.body(ctx).get("phone_numbers"), max_items=200)
    for r in rows:
        if r.allocated_product != "ZOOM_PHONE":
            raise c.invalid("phone_numbers", f"Phone number {r.number} is not a Zoom Phone number.")
    taken = ApiError(400, 300, "Phone number is already assigned to another extension.")
    for r in rows:
        if r.assignee_id not in (None, area.id):
            taken = ApiError(400, 300, f"Phone number {r.number} is already assigned to another extension.")
            break
    return {"phone_numbers": c.assign_numbers(ctx, area, rows, taken=taken)}


@provider("DELETE /phone/common_areas/{commonAreaId}/phone_numbers/{phoneNumberId}")
def unassign_phone_number(ctx: Context) -> None:
    area = _area(ctx)
    key = ctx.path["phoneNumberId"]
    row = c.number_of_entity(ctx, area.id, key) or c.number_of_entity(ctx, area.id, "+" + key.lstrip("+"))
    if row is None:
        raise ApiError(400, 300, f"Phone number {key} is not assigned to the common area.",
                       [{"field": "phoneNumberId", "message": "Not assigned to the common area."}])
    c.unassign_numbers(ctx, area.id, [row.id])
    if (area.details or {}).get("outbound_caller_id") == row.number:
        details = dict(area.details or {})
        details.pop("outbound_caller_id")
        c.update_extension(ctx, area, details=details)
    return None


# --- PIN code -------------------------------------------------------------------------------------


def _pin_error(detail: str) -> ApiError:
    return ApiError(400, 400, f"Validation failed. {detail}", [{"field": "pin_code", "message": detail}])


@provider("PATCH /phone/common_areas/{commonAreaId}/pin_code")
def update_pin_code(ctx: Context) -> None:
    area = _area(ctx)
    pin = str(c.body(ctx).get("pin_code") or "")
    if not pin.isdigit() or not pin.isascii():
        raise _pin_error("PIN code could only include numbers.")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise _pin_error(f"Invalid PIN code. PIN code must be {PIN_MIN} to {PIN_MAX} digits long.")
    if area.extension_number is not None and pin == str(area.extension_number):
        raise _pin_error("Invalid PIN code. Your PIN code must not be the same as the extension number.")
    if len(set(pin)) == 1 or re.fullmatch(r"(\d+?)\1+", pin):
        raise _pin_error("Invalid PIN code. The PIN code must not contain a group of repeated digits.")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        raise _pin_error("PIN code cannot be an ascending or descending group of digits.")
    details = dict(area.details or {})
    details["pin_code"] = pin
    c.update_extension(ctx, area, details=details)
    return None


# --- activation codes and templates ---------------------------------------------------------------


def _new_code() -> str:
    return "-".join(f"{secrets.randbelow(10000):04d}" for _ in range(4))


@provider("POST /phone/common_areas/activation_code")
def generate_activation_codes(ctx: Context) -> dict[str, Any]:
    areas = [_area(ctx, k) for k in _ids(ctx)]
    expires = utcnow() + ACTIVATION_TTL
    out = []
    for area in areas:
        # one live code per common area: a new one replaces the previous
        c.delete_items(ctx.conn, area.id, ACTIVATION_CODE)
        code = _new_code()
        c.add_item(ctx, area.id, ACTIVATION_CODE, {"activation_code": code, "expires_at": iso(expires),
                                                  "status": "not_used"})
        item: dict[str, Any] = {"common_area_id": area.id, "display_name": area.name, "activation_code": code,
                                "activation_code_expiration": iso(expires)}
        if area.extension_number is not None:
            item["extension_number"] = int(area.extension_number)
        out.append(item)
    return {"common_areas_activation_codes": out}


@provider("GET /phone/common_areas/activation_codes")
def list_activation_codes(ctx: Context) -> dict[str, Any]:
    it = t.phone_items
    stmt = (select(it.c.pk, it.c.details, EXT.c.id.label("area_id"), EXT.c.name, EXT.c.extension_number,
                   EXT.c.site_id)
            .join(EXT, EXT.c.id == it.c.owner_id)
            .where(it.c.account_id == ctx.account_id, it.c.kind == ACTIVATION_CODE, EXT.c.type == c.COMMON_AREA))
    rows, token, _total, size = ctx.page(stmt, it.c.pk)
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows])
    out = []
    for r in rows:
        d = r.details or {}
        item: dict[str, Any] = {"common_area_id": r.area_id, "display_name": r.name,
                                "activation_code": d.get("activation_code", ""),
                                "activation_code_expiration": d.get("expires_at", ""),
                                "status": d.get("status") if d.get("status") in ("used", "not_used") else "not_used"}
        if r.extension_number is not None:
            item["extension_number"] = int(r.extension_number)
        if r.site_id in sites:
            item["site"] = {"site_id": r.site_id, "name": sites[r.site_id]["name"]}
        out.append(item)
    return {"common_areas_activation_codes": out, "next_page_token": token, "page_size": size}


@provider("POST /phone/common_areas/template_id/{templateId}")
def apply_template(ctx: Context) -> None:
    template = _template(ctx, ctx.path["templateId"], lambda d, f: ApiError(400, 300, d, [{"field": f, "message": d}]))
    areas = [_area(ctx, k) for k in _ids(ctx)]
    for area in areas:
        if template.site_id and area.site_id != template.site_id:
            doc = ctx.op.error(300)
            raise ApiError(400, 300, doc.message if doc else "The template's site is not the same as the common "
                                                             "area's site.")
    for area in areas:
        _apply_template(ctx, _reload(ctx, area.id), template)
    return None


# --- settings by type -----------------------------------------------------------------------------


def _setting_type(ctx: Context) -> str:
    kind = ctx.path["settingType"]
    if kind not in v.SETTING_TYPES:
        raise ApiError(400, 300, f"Invalid setting type: {kind}.",
                       [{"field": "settingType", "message": "One of " + ", ".join(v.SETTING_TYPES) + "."}])
    return kind


def _instant(value: Any, field: str) -> datetime:
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise c.invalid(field, "Use yyyy-MM-ddTHH:mm:ssZ.") from None


def _holiday(h: Any, field: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(h, dict):
        raise c.invalid(field, "A holiday is an object.")
    out = dict(base or {})
    for key in ("name", "from", "to"):
        if key in h:
            out[key] = h[key]
    if not str(out.get("name") or "").strip():
        raise c.invalid(f"{field}.name", "The holiday's name is required.")
    start, end = _instant(out.get("from"), f"{field}.from"), _instant(out.get("to"), f"{field}.to")
    if end < start:
        raise c.invalid(f"{field}.to", "The holiday ends before it starts.")
    return out


@provider("GET /phone/common_areas/{commonAreaId}/settings")
def get_settings(ctx: Context) -> dict[str, Any]:
    return v.settings(ctx.conn, ctx.account_id, _area(ctx))


@provider("POST /phone/common_areas/{commonAreaId}/settings/{settingType}")
def add_setting(ctx: Context) -> dict[str, Any]:
    area = _area(ctx)
    kind = _setting_type(ctx)
    body = c.body(ctx)
    if kind == "desk_phone":
        device_id = str(body.get("device_id") or "")
        if not device_id:
            raise c.invalid("device_id", "device_id is required for the desk_phone setting type.")
        device = dq.find_device(ctx.conn, ctx.account_id, device_id)
        if device is None:
            raise c.invalid("device_id", f"Device does not exist: {device_id}.")
        current = dq.assignees_of(ctx.conn, [device.id])[device.id]
        site_id = dq.check_assignment(current, [area], device_site=device.site_id, field="device_id")
        dq.assign(ctx, device, [area], site_id)
        return {"desk_phones": [{"id": d.id, "display_name": d.display_name}
                                for d in dq.devices_of(ctx.conn, [area.id])[area.id]]}
    if kind == "holiday_hours":
        items = (body.get("holiday_hours") or {}).get("holidays") if isinstance(body.get("holiday_hours"), dict) \
            else None
        if not isinstance(items, list) or not items or len(items) > MAX_HOLIDAYS:
            raise c.invalid("holiday_hours.holidays", f"1 to {MAX_HOLIDAYS} holidays.")
        added = [{"holiday_id": new_id(), **_holiday(h, f"holiday_hours.holidays[{i}]")} for i, h in enumerate(items)]
        current = v.holidays(ctx.conn, ctx.account_id, area)
        docs.store(ctx.conn, ctx.account_id, area.id, v.HOLIDAYS, {"holidays": current + added})
        return {"holiday_hours": {"holidays": current + added}}
    raise c.invalid("settingType", "custom_hours is set with PATCH.")


@provider("PATCH /phone/common_areas/{commonAreaId}/settings/{settingType}")
def update_setting(ctx: Context) -> None:
    area = _area(ctx)
    kind = _setting_type(ctx)
    body = c.body(ctx)
    if kind == "desk_phone":
        phones = body.get("desk_phones")
        if not isinstance(phones, list) or not phones:
            raise c.invalid("desk_phones", "At least one desk phone is required.")
        mine = {d.id: d for d in dq.devices_of(ctx.conn, [area.id])[area.id]}
        changes = []
        for i, p in enumerate(phones):
            if not isinstance(p, dict) or p.get("id") not in mine:
                raise c.invalid(f"desk_phones[{i}].id", f"The desk phone is not the common area's: {p.get('id')}.")
            status = (p.get("hot_desking") or {}).get("status")
            if status is not None:
                changes.append((p["id"], status))
        for device_id, status in changes:
            cur = dict(mine[device_id].assignment or {})
            cur["policy"] = docs.merge(cur.get("policy") or {}, {"hot_desking": {"status": status}})
            ctx.conn.execute(update(dq.DA).where(dq.DA.c.device_id == device_id, dq.DA.c.extension_id == area.id)
                             .values(details=cur, updated_at=utcnow()))
        return None
    if kind == "holiday_hours":
        items = (body.get("holiday_hours") or {}).get("holidays") if isinstance(body.get("holiday_hours"), dict) \
            else None
        if not isinstance(items, list) or not items:
            raise c.invalid("holiday_hours.holidays", "At least one holiday is required.")
        current = v.holidays(ctx.conn, ctx.account_id, area)
        by_id = {h.get("holiday_id"): i for i, h in enumerate(current)}
        for i, h in enumerate(items):
            hid = h.get("holiday_id") if isinstance(h, dict) else None
            if hid not in by_id:
                raise c.invalid(f"holiday_hours.holidays[{i}].holiday_id", f"Holiday does not exist: {hid}.")
            current[by_id[hid]] = _holiday(h, f"holiday_hours.holidays[{i}]", current[by_id[hid]])
        docs.store(ctx.conn, ctx.account_id, area.id, v.HOLIDAYS, {"holidays": current})
        return None
    settings = body.get("custom_hours_settings")
    if not isinstance(settings, dict) or not settings:
        raise c.invalid("custom_hours_settings", "The custom hours settings are required.")
    hours = settings.get("custom_hours")
    if settings.get("custom_hour_type") == 2 and not hours:
        raise c.invalid("custom_hours_settings.custom_hours", "Custom hours need the hours of each weekday.")
    for i, h in enumerate(hours or []):
        for key in ("from", "to"):
            if key in h and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(h[key])):
                raise c.invalid(f"custom_hours_settings.custom_hours[{i}].{key}", "Use HH:mm.")
    current = docs.load(ctx.conn, area.id, v.CUSTOM_HOURS)
    if "custom_hour_type" in settings:
        current["custom_hour_type"] = settings["custom_hour_type"]
    if hours is not None:
        current["custom_hours"] = hours
    docs.store(ctx.conn, ctx.account_id, area.id, v.CUSTOM_HOURS, current)
    return None


@provider("DELETE /phone/common_areas/{commonAreaId}/settings/{settingType}")
def delete_setting(ctx: Context) -> None:
    area = _area(ctx)
    kind = _setting_type(ctx)
    if kind == "desk_phone":
        # device_id (query) names the desk phone to remove; without it, every desk phone goes
        device_id = str(ctx.query.get("device_id") or "")
        devices = dq.devices_of(ctx.conn, [area.id])[area.id]
        if device_id:
            devices = [d for d in devices if d.id == device_id]
            if not devices:
                raise c.invalid("device_id", f"The desk phone is not the common area's: {device_id}.")
        elif not devices:
            raise c.invalid("settingType", "The common area has no desk phone.")
        for d in devices:
            dq.unassign(ctx, d.id, [area.id])
        return None
    docs.store(ctx.conn, ctx.account_id, area.id, v.HOLIDAYS if kind == "holiday_hours" else v.CUSTOM_HOURS, {})
    return None

