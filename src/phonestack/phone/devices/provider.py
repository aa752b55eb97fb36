"""Desk phones: devices, assignment to users and common areas, line keys, provisioning: providers (HTTP glue).

See docs/phone/common-areas-and-devices.md for the rules and what phonestack chooses where the
documents are silent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store.util import iso, new_id, stamps, utcnow
from .. import common as c
from . import queries as q
from . import views as v

DEV = q.DEV
DA = q.DA
SYNC_KIND = "device_sync"
SYNC_INTERVAL = timedelta(minutes=15)


def _device(ctx: Context, device_id: str, error: ApiError | None = None):  # noqa: ANN202
    row = q.find_device(ctx.conn, ctx.account_id, device_id)
    if row is None:
        raise error or _missing(ctx, device_id)
    return row


def _missing(ctx: Context, device_id: str) -> ApiError:
    """The operation's documented "device does not exist" error, else 400 code 300 (documented
    without a message by most device operations) or a 404 where no 400 is documented."""
    for e in ctx.op.error_codes:
        if "evice does not exist" in e.message:
            if e.code == 404:
                return ApiError(e.status, e.code, f"Device does not exist: {device_id}.")
            return ApiError(e.status, e.code, q.DEVICE_MISSING)
    if 400 in ctx.op.responses:
        return ApiError(400, 300, q.DEVICE_MISSING)
    return ApiError(404, 404, q.DEVICE_MISSING)


def _unknown_extension(ctx: Context) -> ApiError:
    doc = ctx.op.error(1001)
    if doc is not None and doc.status == 404 and "extension ID" in doc.message:
        return ApiError(404, 1001, doc.message)
    return ApiError(404, 1001, "User extension ID or common area extension ID not found: {0}.")


def _text(body: dict[str, Any], key: str, *, required: bool = False, max_len: int = 255) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise c.invalid(key, f"{key} is required.")
        return None
    value = str(value).strip()
    if required and not value:
        raise c.invalid(key, f"{key} is required.")
    if len(value) > max_len:
        raise c.invalid(key, f"{key} is longer than {max_len} characters.")
    return value


def _template_id(ctx: Context, value: Any, error: ApiError) -> str:
    """'' (no template) or the id of one of the account's provision templates."""
    tid = str(value or "").strip()
    if tid and not q.provision_template_exists(ctx.conn, ctx.account_id, tid):
        raise error
    return tid


def _template_error(ctx: Context) -> ApiError:
    doc = ctx.op.error(404)
    if doc is not None and "rovision template" in doc.message:
        return ApiError(doc.status, 404, doc.message)
    return ApiError(400, 300, "Provision template does not exist.")


# --- list / add / get / update / delete ---------------------------------------------------------


def device_events(ctx: Context, device_id: str, *, registered: bool = False) -> None:
    """Zoom's device events: ``phone.device_registration`` when a desk phone is registered to
    the account (phonestack: added with its MAC address), and ``phone.generic_device_provision``
    when a generic (manually provisioned) device gets its SIP accounts (it has assignees)."""
    row = q.find_device(ctx.conn, ctx.account_id, device_id)
    if registered:
        ctx.emit("phone.device_registration", {"object": {
            "device_id": row.id, "device_name": row.display_name, "mac_address": row.mac_address}})
    assignees = q.assignees_of(ctx.conn, [row.id])[row.id]
    prov = v.provision_view(row, assignees)
    if prov["type"] != "manual" or not assignees:
        return
    obj: dict[str, Any] = {"id": row.id, "display_name": row.display_name, "mac_address": row.mac_address,
                           "device_type": row.device_type,
                           "provision": {"type": prov["type"], "sip_accounts": prov["sip_accounts"]}}
    site = v.site_refs_of(ctx.conn, [row]).get(row.site_id)
    if site:
        obj["site"] = {"id": site["id"], "name": site["name"]}
    ctx.emit("phone.generic_device_provision", {"object": obj})


@provider("GET /phone/devices")
def list_devices(ctx: Context) -> dict[str, Any]:
    stmt = select(DEV).where(DEV.c.account_id == ctx.account_id)
    kind = ctx.query.get("type")
    linked = exists().where(DA.c.device_id == DEV.c.id)
    if kind == "assigned":
        stmt = stmt.where(linked)
    elif kind == "unassigned":
        stmt = stmt.where(~linked)
    if ctx.query.get("site_id"):
        stmt = stmt.where(DEV.c.site_id == ctx.query["site_id"])
    if ctx.query.get("device_type"):
        pattern = "%" + str(ctx.query["device_type"]).lower().replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(func.lower(DEV.c.device_type).like(pattern))
    rows, token, total, size = ctx.page(stmt, DEV.c.pk)
    assignees = q.assignees_of(ctx.conn, [r.id for r in rows])
    sites = v.site_refs_of(ctx.conn, rows)
    return {"devices": [v.device_view(r, assignees[r.id], sites) for r in rows], "next_page_token": token,
            "page_size": size, "total_records": total}


@provider("POST /phone/devices")
def add_device(ctx: Context) -> dict[str, Any]:
    body = c.body(ctx)
    name = _text(body, "display_name", required=True)
    brand = _text(body, "type", required=True)
    model = _text(body, "model") or ""
    mac = q.normalise_mac(body.get("mac_address"))
    if mac is None:
        raise c.invalid("mac_address", "The MAC address must be 12 hexadecimal digits.")
    assignees: list[Any] = []
    if body.get("assigned_to"):
        user = c.find_extension(ctx.conn, ctx.account_id, str(body["assigned_to"]).strip(), c.USER)
        if user is None:
            raise ApiError(404, 1001, f"User not found: {body['assigned_to']}.")
        assignees.append(user)
    if body.get("assignee_extension_ids") is not None:
        more = q.resolve_assignees(ctx, body["assignee_extension_ids"], field="assignee_extension_ids",
                                   missing=_unknown_extension(ctx))
        assignees += [r for r in more if r.id not in {a.id for a in assignees}]
    site_id = None
    if body.get("site_id"):
        site = c.site_row(ctx.conn, ctx.account_id, str(body["site_id"]))
        if site is None:
            raise c.invalid("site_id", f"Site does not exist: {body['site_id']}.")
        site_id = site.id
    assigned_site = q.check_assignment([], assignees, device_site=site_id)
    if site_id and assigned_site != site_id:
        raise c.invalid("site_id", "The device's site must be the site of its assignees.")
    if assigned_site is None:
        main = c.main_site(ctx.conn, ctx.account_id)
        assigned_site = main.id if main is not None else None
    template = _template_id(ctx, body.get("provision_template_id"), ApiError(400, 300, "Provision template does not exist."))
    details: dict[str, Any] = {"brand": brand, "model": model}
    if template:
        details["provision_template_id"] = template
    did = new_id()
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(DEV).values(
                id=did, account_id=ctx.account_id, site_id=assigned_site, display_name=name, mac_address=mac,
                device_type=f"{brand} {model}".strip(), status="offline", details=details, **stamps()))
    except IntegrityError:
        msg = f"The MAC address {mac} is already in use by another device."
        raise ApiError(400, 300, msg, [{"field": "mac_address", "message": msg}]) from None
    if assignees:
        q.assign(ctx, q.find_device(ctx.conn, ctx.account_id, did), assignees, assigned_site)
    device_events(ctx, did, registered=True)
    return {"id": did, "display_name": name}


@provider("GET /phone/devices/{deviceId}")
def get_device(ctx: Context) -> dict[str, Any]:
    row = _device(ctx, ctx.path["deviceId"])
    assignees = q.assignees_of(ctx.conn, [row.id])[row.id]
    return v.device_view(row, assignees, v.site_refs_of(ctx.conn, [row]), detail=True)


@provider("PATCH /phone/devices/{deviceId}")
def update_device(ctx: Context) -> None:
    body = c.body(ctx)
    row = _device(ctx, ctx.path["deviceId"])
    values: dict[str, Any] = {}
    details = dict(row.details or {})
    name = _text(body, "display_name")
    if name is not None:
        if not name:
            raise c.invalid("display_name", "display_name cannot be empty.")
        values["display_name"] = name
    if "provision_template_id" in body:
        details["provision_template_id"] = _template_id(ctx, body["provision_template_id"],
                                                        ApiError(400, 300, "Provision template does not exist."))
        details.pop("provision_template", None)
        values["details"] = details
    user = None
    if "assigned_to" in body and str(body["assigned_to"] or "").strip():
        key = str(body["assigned_to"]).strip()
        user = c.find_extension(ctx.conn, ctx.account_id, key, c.USER)
        if user is None:
            raise ApiError(404, 1001, f"User not found: {key}.")
    if values:
        ctx.conn.execute(update(DEV).where(DEV.c.id == row.id).values(updated_at=utcnow(), **values))
    if "assigned_to" in body:
        # assigned_to names the device's user: the device serves that user alone ("" unassigns it).
        q.unassign(ctx, row.id)
        if user is not None:
            q.assign(ctx, row, [user], user.site_id)
            device_events(ctx, row.id)
    return None


@provider("DELETE /phone/devices/{deviceId}")
def delete_device(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    assignees = q.assignees_of(ctx.conn, [row.id])[row.id]
    if assignees:
        names = ", ".join(a.name for a in assignees)
        raise ApiError(400, 300, f"The device is assigned to {names}: unassign it before deleting it.")
    c.delete_items(ctx.conn, row.id, q.LINE_KEY)
    ctx.conn.execute(delete(DEV).where(DEV.c.id == row.id))
    return None


# --- assignees ----------------------------------------------------------------------------------


@provider("POST /phone/devices/{deviceId}/extensions")
def assign_entities(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    keys = c.body(ctx).get("assignee_extension_ids")
    if not isinstance(keys, list) or not keys:
        raise c.invalid("assignee_extension_ids", "At least one extension ID is required.")
    new = q.resolve_assignees(ctx, keys, field="assignee_extension_ids", missing=_unknown_extension(ctx))
    current = q.assignees_of(ctx.conn, [row.id])[row.id]
    site_id = q.check_assignment(current, new, device_site=row.site_id)
    if q.assign(ctx, row, new, site_id):
        device_events(ctx, row.id)
    return None


@provider("DELETE /phone/devices/{deviceId}/extensions/{extensionId}")
def unassign_entity(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    key = ctx.path["extensionId"]
    current = q.assignees_of(ctx.conn, [row.id])[row.id]
    match = next((a for a in current if key in (a.id, str(a.extension_number))), None)
    if match is None:
        raise ApiError(400, 300, f"The extension is not assigned to the device: {key}.")
    q.unassign(ctx, row.id, [match.id])
    for item in c.items_of(ctx.conn, row.id, q.LINE_KEY):
        if (item.details or {}).get("extension_id") == match.id:
            c.delete_items(ctx.conn, row.id, q.LINE_KEY, [item.id])
    return None


# --- line keys ----------------------------------------------------------------------------------


@provider("GET /phone/devices/{deviceId}/line_keys")
def get_line_keys(ctx: Context) -> dict[str, Any]:
    row = _device(ctx, ctx.path["deviceId"])
    return {"device_id": row.id, "device_name": row.display_name, "positions": v.line_keys(ctx.conn, row)}


@provider("PATCH /phone/devices/{deviceId}/line_keys")
def update_line_keys(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    positions = c.body(ctx).get("positions")
    if not isinstance(positions, list) or not positions:
        raise c.invalid("positions", "At least one position is required.")
    current = q.assignees_of(ctx.conn, [row.id])[row.id]
    by_key = {a.id: a for a in current}
    by_key.update({str(a.extension_number): a for a in current if a.extension_number is not None})
    wanted: dict[str, int] = {}
    used: set[int] = set()
    for i, p in enumerate(positions):
        key = str(p.get("extension_id") or "") if isinstance(p, dict) else ""
        a = by_key.get(key)
        if a is None:
            raise ApiError(400, 300, f"Extension ID does not exist: {key}.", [{"field": f"positions[{i}].extension_id",
                                                                              "message": "Not assigned to the device."}])
        index = p.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or not 1 <= index <= len(current) or index in used:
            raise ApiError(400, 300, f"Index is invalid: {index}.", [{"field": f"positions[{i}].index",
                                                                      "message": f"1 to {len(current)}, once each."}])
        used.add(index)
        wanted[a.id] = index
    # positions not named keep theirs unless an index they held is now taken
    stored = {(it.details or {}).get("extension_id"): it for it in c.items_of(ctx.conn, row.id, q.LINE_KEY)}
    for ext_id, item in stored.items():
        if ext_id not in wanted and (item.details or {}).get("index") in used:
            c.delete_items(ctx.conn, row.id, q.LINE_KEY, [item.id])
    for ext_id, index in wanted.items():
        if ext_id in stored:
            c.update_item(ctx.conn, stored[ext_id].id, {"extension_id": ext_id, "index": index})
        else:
            c.add_item(ctx, row.id, q.LINE_KEY, {"extension_id": ext_id, "index": index})
    return None


# --- provisioning, reboot, sync -------------------------------------------------------------------


@provider("PUT /phone/devices/{deviceId}/provision_templates")
def update_provision_template(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    template = _template_id(ctx, c.body(ctx).get("provision_template_id"), _template_error(ctx))
    details = dict(row.details or {})
    details.pop("provision_template", None)
    details["provision_template_id"] = template
    ctx.conn.execute(update(DEV).where(DEV.c.id == row.id).values(details=details, updated_at=utcnow()))
    return None


@provider("POST /phone/devices/{deviceId}/reboot")
def reboot_device(ctx: Context) -> None:
    row = _device(ctx, ctx.path["deviceId"])
    if row.status != "online":
        raise ApiError(400, 400, "The given device is offline.")
    details = dict(row.details or {})
    details["last_reboot_at"] = iso(utcnow())
    ctx.conn.execute(update(DEV).where(DEV.c.id == row.id).values(details=details, updated_at=utcnow()))
    return None


@provider("POST /phone/devices/sync")
def sync_deskphones(ctx: Context) -> None:
    body = c.body(ctx)
    level = body.get("level")
    if level not in (1, 2):
        raise c.invalid("level", "The level is 1 (account) or 2 (site).")
    owner = ctx.account_id
    if level == 2:
        site_id = str(body.get("site_id") or "")
        if not site_id:
            raise c.invalid("site_id", "site_id is required for a site level sync.")
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise c.invalid("site_id", f"Site does not exist: {site_id}.")
        owner = site_id
    now = utcnow()
    last = c.items_of(ctx.conn, owner, SYNC_KIND)
    if last:
        at = last[-1].created_at
        if at.tzinfo is None:
            at = at.replace(tzinfo=now.tzinfo)
        if now - at < SYNC_INTERVAL:
            raise ApiError(400, 429, "Too many concurrent requests. A request has already been made.")
        c.delete_items(ctx.conn, owner, SYNC_KIND)
    c.add_item(ctx, owner, SYNC_KIND, {"level": level})
    return None

