"""Phone users: profile, batch add and update, settings, shared access, calling plans, phone
numbers, policies, audio items: providers (HTTP glue).

A phone user is an ``extensions`` row of type ``user``: its id is the API's ``id``,
``extension_id`` and ``phone_user_id``; ``{userId}`` is that id or the user's email. The
department, cost center, names and the chosen emergency address live in ``details``; the
calling plans in ``extension_calling_plans`` (counted against the account's subscriptions);
the numbers are the shared inventory (``phone_numbers.assignee_id``); the policy and the
settings are ``phone_documents`` ("policy", "settings") inherited account -> site -> user.
See docs/phone/users.md.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from sqlalchemy import exists, false, insert, or_, select, update

from ...countries import COUNTRIES
from ...events import users as user_events
from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import iso, new_id, stamps, utcnow
from .. import common as c
from .. import documents as docs
from ..devices.provider import device_events
from . import audio
from . import views as v

EXT = t.extensions
PN = t.phone_numbers
ECP = t.extension_calling_plans

MAX_BATCH_USERS = 10  # "You can add up to 10 users at a time." / "You can update 10 users at a time."
MAX_DESK_PHONES = 3  # "Each user can be assigned up to 3 desk phones."
POLICY_TYPES = ("allow_emergency_calls",)
SHARED_TYPES = ("voice_mail", "delegation", "intercom", "auto_call_recording", "ad_hoc_call_recording")
PATCH_TYPES = (*SHARED_TYPES, "desk_phone")
DELEGATION_PRIVILEGES = set(range(1, 9))
AUDIO_PROMPT_LANGUAGES = ("en-US", "en-GB", "es-US", "fr-CA", "da-DK", "de-DE", "es-ES", "fr-FR", "it-IT",
                          "nl-NL", "pt-PT", "ja-JP", "ko-KO", "pt-BR", "zh-CN", "zh-TW")

# The calling plan names of "Batch add users" (the documented short names) -> plan types.
# "name:billing_subscription" picks a subscription. Names of plans phonestack has no type for
# are refused like plans the account does not subscribe to.
BATCH_PLAN_NAMES: dict[str, int] = {
    "us/ca metered": 100, "au/nz metered": 101, "uk/ireland metered": 102,
    "us/ca unlimited": 200, "au/nz unlimited": 201, "uk/ireland unlimited": 202,
    "global select": 300, "international calling add-on": 400, "in pro": 600,
    "pro": 3000, "power pack": 3001, "basic": 1,
}


# --- lookups ---------------------------------------------------------------------------------------


def _body(ctx: Context) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def _user_missing(ctx: Context, key: str) -> ApiError:
    if ctx.op.error(1001) is not None:
        return c.not_found(ctx, 1001, f"User does not exist: {key}.", userId=key)
    if ctx.op.error(404) is not None:
        return c.not_found(ctx, 404, f"User does not exist: {key}.", userId=key)
    return ApiError(404, 1001, f"User does not exist: {key}.")


def _user(ctx: Context, key: str | None = None):  # noqa: ANN202
    key = key if key is not None else ctx.path["userId"]
    row = c.find_extension(ctx.conn, ctx.account_id, key, c.USER)
    if row is None:
        raise _user_missing(ctx, key)
    return row


def _reload(ctx: Context, user_id: str):  # noqa: ANN202
    return ctx.conn.execute(select(EXT).where(EXT.c.id == user_id)).first()


def _site_by(ctx: Context, site_id: str | None = None, name: str | None = None, code: str | None = None):  # noqa: ANN202
    s = t.sites
    q = select(s).where(s.c.account_id == ctx.account_id)
    if site_id is not None:
        return ctx.conn.execute(q.where(s.c.id == site_id)).first()
    if name:
        row = ctx.conn.execute(q.where(s.c.name == name)).first()
        if row is not None or not code:
            return row
    if code:
        if not _digits(str(code), 9):
            return None
        return ctx.conn.execute(q.where(s.c.site_code == int(code))).first()
    return None


def _digits(text: str, max_len: int) -> bool:
    """ASCII digits only ("³".isdigit() is True, int() refuses it), short enough for a BIGINT."""
    return re.fullmatch(r"[0-9]+", text) is not None and len(text) <= max_len


def _bad(field: str, message: str) -> ApiError:
    return c.invalid(field, message)


def _extension_number(field: str, value: Any) -> int:
    text = str(value).strip()
    if not _digits(text, 15) or len(text) < 2:
        raise _bad(field, "The extension number must be 2 to 15 digits.")
    return int(text)


def _ext_taken(ctx: Context, number: int, exclude: str | None = None) -> bool:
    q = select(EXT.c.id).where(EXT.c.account_id == ctx.account_id, EXT.c.extension_number == number)
    if exclude:
        q = q.where(EXT.c.id != exclude)
    return ctx.conn.execute(q).first() is not None


def _move_numbers(ctx: Context, user_ids: list[str], site_id: str) -> None:
    """A user's numbers follow the user's site."""
    ctx.conn.execute(update(PN).where(PN.c.assignee_id.in_(user_ids)).values(site_id=site_id, updated_at=utcnow()))


# --- list, profile ----------------------------------------------------------------------------------


@provider("GET /phone/users", cache=True)
def list_users(ctx: Context) -> dict[str, Any]:
    query = ctx.query
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == c.USER)
    if query.get("site_id"):
        stmt = stmt.where(EXT.c.site_id == query["site_id"])
    if query.get("status"):
        stmt = stmt.where(EXT.c.status == v.STATUS_ROW[query["status"]])
    if query.get("calling_type") is not None:
        ptype = int(query["calling_type"])
        if not 0 <= ptype < 2**31:  # no plan type is that large (and PostgreSQL's INTEGER would overflow)
            stmt = stmt.where(false())
        else:
            stmt = stmt.where(exists().where(ECP.c.extension_id == EXT.c.id, ECP.c.type == ptype))
    keyword = str(query.get("keyword") or "").strip()
    if keyword:
        cond = [EXT.c.name.icontains(keyword, autoescape=True), EXT.c.email.icontains(keyword, autoescape=True)]
        if _digits(keyword, 15):
            cond.append(EXT.c.extension_number == int(keyword))
        digits = re.sub(r"[^\d]", "", keyword)
        if len(digits) >= 3:
            cond.append(exists().where(PN.c.assignee_id == EXT.c.id, PN.c.number.contains(digits, autoescape=True)))
        stmt = stmt.where(or_(*cond))
    wanted = {k: str(query[k]).strip().lower() for k in ("department", "cost_center") if query.get(k)}
    if wanted:
        # details is JSON: compared in Python (portable), then the page is a plain id filter
        ids = [r.id for r in ctx.conn.execute(select(EXT.c.id, EXT.c.details).where(
            EXT.c.account_id == ctx.account_id, EXT.c.type == c.USER))
            if all(str((r.details or {}).get(k) or "").lower() == w for k, w in wanted.items())]
        stmt = stmt.where(EXT.c.id.in_(ids))
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    ids = [r.id for r in rows]
    plans = v.plans_of(ctx.conn, ids)
    numbers = c.numbers_of(ctx.conn, ids)
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows])
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "users": [v.list_item(r, plans, numbers, sites) for r in rows]}


@provider("GET /phone/users/{userId}")
def get_user(ctx: Context) -> dict[str, Any]:
    return v.profile(ctx.conn, ctx.account_id, _user(ctx))


def _check_policy_locks(ctx: Context, user, changes: dict[str, Any]) -> None:  # noqa: ANN001
    locked = docs.locked_keys(ctx.conn, v.policy_chain(ctx.account_id, user), "policy")
    for key in changes:
        if key in locked:
            raise ApiError(400, 300, f"The policy {key} is locked by the {locked[key]} and cannot be changed.")


def _check_consent(ctx: Context, policy: dict[str, Any]) -> None:
    """Error 13800: without caller-based consent options, inbound and outbound notifications
    take the same values."""
    rec = policy.get("auto_call_recording")
    if not isinstance(rec, dict):
        return
    inbound, outbound = rec.get("inbound_audio_notification"), rec.get("outbound_audio_notification")
    if not isinstance(inbound, dict) or not isinstance(outbound, dict):
        return
    for key in ("recording_start_prompt", "recording_explicit_consent"):
        if key in inbound and key in outbound and inbound[key] != outbound[key]:
            doc = next((e for e in ctx.op.error_codes if e.code == 13800 and key in e.message), None)
            raise ApiError(400, 13800, doc.message if doc else f"Use the same value for {key}.")


def _template(ctx: Context, template_id: str | None = None, name: str | None = None, site_id: str | None = None):  # noqa: ANN202
    st = t.setting_templates
    q = select(st).where(st.c.account_id == ctx.account_id, st.c.type == "user")
    q = q.where(st.c.id == template_id) if template_id is not None else q.where(st.c.name == name)
    row = ctx.conn.execute(q).first()
    if row is None or (site_id and row.site_id and row.site_id != site_id):
        return None
    return row


def _apply_template(ctx: Context, user_id: str, template) -> None:  # noqa: ANN001
    """A user template's ``policy`` becomes the user's policy overrides, its ``profile`` and
    ``user_settings`` the user's settings overrides (the account family keeps them in
    ``details.settings``)."""
    d = template.details or {}
    d = d.get("settings") if isinstance(d.get("settings"), dict) else d
    for section, key in (("policy", "policy"), ("settings", "profile"), ("settings", "user_settings")):
        value = d.get(key)
        if isinstance(value, dict) and value:
            if key == "profile" and isinstance(value.get("country"), str):
                value = {**value, "country_iso_code": value["country"]}
                value.pop("country")
            docs.patch(ctx.conn, ctx.account_id, user_id, section, value, allow_reset=False)


@provider("PATCH /phone/users/{userId}")
def update_user(ctx: Context) -> None:
    user = _user(ctx)
    body = _body(ctx)
    values: dict[str, Any] = {}
    details = dict(user.details or {})
    site_id = user.site_id
    if "site_id" in body:
        site = _site_by(ctx, site_id=body["site_id"])
        if site is None:
            raise _bad("site_id", f"Site does not exist: {body['site_id']}.")
        site_id = values["site_id"] = site.id
    if "extension_number" in body:
        number = _extension_number("extension_number", body["extension_number"])
        if _ext_taken(ctx, number, exclude=user.id):
            raise _bad("extension_number", f"Extension number {number} is already in use in this account.")
        values["extension_number"] = number
    if "emergency_address_id" in body:
        ea = t.emergency_addresses
        addr = ctx.conn.execute(select(ea).where(ea.c.account_id == ctx.account_id,
                                                 ea.c.id == body["emergency_address_id"])).first()
        if addr is None or (addr.owner_id not in (None, user.id)):
            raise _bad("emergency_address_id", f"Emergency address does not exist: {body['emergency_address_id']}.")
        details["emergency_address_id"] = addr.id
    template = None
    if body.get("template_id"):
        template = _template(ctx, template_id=body["template_id"], site_id=site_id)
        if template is None:
            raise _bad("template_id", f"Template does not exist: {body['template_id']}.")
        details["template_id"] = template.id
    policy = body.get("policy") if template is None else None
    if isinstance(policy, dict) and policy:
        _check_consent(ctx, policy)
        _check_policy_locks(ctx, user, policy)
    # writes
    if details != (user.details or {}):
        values["details"] = details
    c.update_extension(ctx, user, conflict=_bad("extension_number", "The extension number is already in use."),
                       **values)
    if "site_id" in values and values["site_id"] != user.site_id:
        _move_numbers(ctx, [user.id], values["site_id"])
    if template is not None:
        _apply_template(ctx, user.id, template)
    elif isinstance(policy, dict) and policy:
        docs.patch(ctx.conn, ctx.account_id, user.id, "policy", policy)
    return None


# --- batch add / update --------------------------------------------------------------------------------


def _mac(value: Any) -> str | None:
    text = re.sub(r"[:\-.\s]", "", str(value or "")).lower()
    return text if re.fullmatch(r"[0-9a-f]{12}", text) else None


def _batch_plans(ctx: Context, field: str, names: list[Any]) -> list[dict[str, Any]]:
    plans, seen = [], set()
    for j, raw in enumerate(names):
        name, _, sub = str(raw).partition(":")
        ptype = BATCH_PLAN_NAMES.get(name.strip().lower())
        if ptype is None and _digits(name.strip(), 9):
            ptype = int(name.strip())
        if ptype is None:
            raise _bad(f"{field}[{j}]", f"Invalid calling plan: {raw}.")
        if ptype in seen:
            raise _bad(f"{field}[{j}]", f"Calling plan {raw} is given twice.")
        seen.add(ptype)
        plans.append({"type": ptype, **({"billing_subscription_id": sub.strip()} if sub.strip() else {})})
    return plans


@provider("POST /phone/users/batch")
def batch_add_users(ctx: Context) -> Response:
    users = _body(ctx).get("users")
    if not isinstance(users, list) or not users:
        raise _bad("users", "At least one user is required.")
    if len(users) > MAX_BATCH_USERS:
        raise ApiError(400, 400, ctx.error(400).message.split(". ")[0].rstrip(".") + ".")
    # 1. validate everything
    emails: set[str] = set()
    exts: set[int] = set()
    numbers_seen: set[str] = set()
    macs: dict[str, tuple[str, dict[str, Any]]] = {}  # mac -> (site id, device)
    plan_need: dict[int, int] = {}
    prepared = []
    existing_macs = {_mac(m) or m for m in ctx.conn.execute(select(t.devices.c.mac_address).where(
        t.devices.c.account_id == ctx.account_id)).scalars()}
    for i, u in enumerate(users):
        f = f"users[{i}]"
        email = str(u.get("email") or "").strip().lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise _bad(f"{f}.email", "Invalid email.")
        if email in emails or c.find_extension(ctx.conn, ctx.account_id, email) is not None:
            raise _bad(f"{f}.email", f"User already exists: {email}.")
        emails.add(email)
        ext = _extension_number(f"{f}.extension_number", u.get("extension_number"))
        if ext in exts or _ext_taken(ctx, ext):
            raise _bad(f"{f}.extension_number", f"Extension number {ext} is already in use in this account.")
        exts.add(ext)
        if not u.get("site_name") and not u.get("site_code"):
            raise _bad(f"{f}.site_name", "The site name or the site code is required.")
        site = _site_by(ctx, name=u.get("site_name"), code=u.get("site_code"))
        if site is None:
            raise _bad(f"{f}.site_name", f"Site does not exist: {u.get('site_name') or u.get('site_code')}.")
        plans = _batch_plans(ctx, f"{f}.calling_plans", u.get("calling_plans") or [])
        for p in plans:
            plan_need[p["type"]] = plan_need.get(p["type"], 0) + 1
        numbers = []
        if u.get("phone_numbers"):
            for j, key in enumerate(u["phone_numbers"]):
                row = _number_row(ctx, str(key))
                if row is None:
                    raise _bad(f"{f}.phone_numbers[{j}]", f"Phone number does not exist: {key}.")
                if row.assignee_id is not None or row.id in numbers_seen:
                    raise _bad(f"{f}.phone_numbers[{j}]", f"Phone number {row.number} is already assigned.")
                if row.status != "Normal" or row.allocated_product != "ZOOM_PHONE":
                    raise _bad(f"{f}.phone_numbers[{j}]", f"Phone number {row.number} cannot be assigned to a user.")
                numbers_seen.add(row.id)
                numbers.append(row)
        phones = u.get("desk_phones") or []
        if len(phones) > MAX_DESK_PHONES:
            raise _bad(f"{f}.desk_phones", f"Each user can be assigned up to {MAX_DESK_PHONES} desk phones.")
        devices = []
        for j, dp in enumerate(phones):
            mac = _mac(dp.get("mac"))
            if mac is None or not dp.get("brand") or not dp.get("model"):
                raise _bad(f"{f}.desk_phones[{j}]", "The brand, model and MAC address (12 hex digits) are required.")
            if mac in devices:
                raise _bad(f"{f}.desk_phones[{j}].mac", f"The MAC address {mac} is given twice.")
            if mac in existing_macs:
                raise _bad(f"{f}.desk_phones[{j}].mac", f"The MAC address {mac} is already in use.")
            if mac in macs and macs[mac][0] != site.id:
                raise _bad(f"{f}.desk_phones[{j}].mac",
                           "All users must belong to the same site if a desk phone is assigned to multiple users.")
            macs.setdefault(mac, (site.id, {"id": new_id(), **dp}))
            devices.append(mac)
        template = None
        if u.get("template_name"):
            template = _template(ctx, name=u["template_name"], site_id=site.id)
            if template is None:
                raise ctx.error(404)
        caller = u.get("outbound_caller_id")
        if caller:
            row = _number_row(ctx, str(caller))
            holder = ctx.conn.execute(select(EXT.c.type).where(EXT.c.id == row.assignee_id)).scalar() \
                if row is not None and row.assignee_id else None
            if row is None or not (row.id in {n.id for n in numbers} or holder not in (None, c.USER)):
                raise _bad(f"{f}.outbound_caller_id", "Invalid outbound caller ID: use one of the user's numbers "
                                                      "or a company number.")
            caller = row.number
        prepared.append((u, email, ext, site, plans, numbers, devices, template, caller))
    for ptype, n in plan_need.items():
        usage = {p["type"]: p for p in c.plan_usage(ctx.conn, ctx.account_id)}
        if ptype not in usage:
            raise _bad("calling_plans", f"The account has no subscription for calling plan type {ptype}.")
        if usage[ptype]["available"] < n:
            raise _bad("calling_plans", f"Not enough calling plans of type {ptype} ({usage[ptype]['name']}): "
                                        f"{usage[ptype]['available']} available, {n} needed.")
    # 2. write
    out = []
    device_rows: dict[str, str] = {}
    for u, email, ext, site, plans, numbers, devices, template, caller in prepared:
        first, last = str(u.get("first_name") or "").strip(), str(u.get("last_name") or "").strip()
        name = (first + " " + last).strip() or email.split("@")[0]
        status = "inactive" if u.get("activation_status") == "deactivate" else "active"
        uid = c.insert_extension(ctx, kind=c.USER, name=name, site_id=site.id, extension_number=ext, email=email,
                                 status=status, details={"first_name": first, "last_name": last})
        user = _reload(ctx, uid)
        if plans:
            c.assign_calling_plans(ctx, user, plans)
        if numbers:
            c.assign_numbers(ctx, user, numbers)
        for mac in devices:
            site_id, dp = macs[mac]
            if mac not in device_rows:
                ctx.conn.execute(insert(t.devices).values(
                    id=dp["id"], account_id=ctx.account_id, site_id=site_id,
                    display_name=f"{name}'s desk phone", mac_address=mac,
                    device_type=f"{dp['brand']} {dp['model']}", status="offline",
                    details={"brand": dp["brand"], "model": dp["model"],
                             **({"provision_template": dp["provision_template"]}
                                if dp.get("provision_template") else {})},
                    **stamps()))
                device_rows[mac] = dp["id"]
            ctx.conn.execute(insert(t.device_assignments).values(
                account_id=ctx.account_id, device_id=device_rows[mac], extension_id=uid, details={}, **stamps()))
        policy: dict[str, Any] = {}
        if "sms" in u:
            policy["sms"] = {"enable": bool(u["sms"])}
        if "select_outbound_caller_id" in u:
            policy["select_outbound_caller_id"] = {"enable": bool(u["select_outbound_caller_id"])}
        if template is not None:
            _apply_template(ctx, uid, template)
            c.update_extension(ctx, user, details={**(user.details or {}), "template_id": template.id})
        if policy:
            docs.patch(ctx.conn, ctx.account_id, uid, "policy", policy, allow_reset=False)
        if caller:
            docs.patch(ctx.conn, ctx.account_id, uid, "settings", {"outbound_caller": {"number": caller}},
                       allow_reset=False)
        out.append({"email": email, "id": uid})
        ctx.emit(*user_events.created(ctx.conn, ctx.account_id, _reload(ctx, uid)))
    for device_id in device_rows.values():
        device_events(ctx, device_id, registered=True)
    return Response(201, out)


def _number_row(ctx: Context, key: str):  # noqa: ANN202
    keys = [key] + (["+" + key] if not key.startswith("+") else [])
    return ctx.conn.execute(select(PN).where(PN.c.account_id == ctx.account_id,
                                             or_(PN.c.id == key, PN.c.number.in_(keys)))).first()


@provider("PUT /phone/users/batch")
def batch_update_users(ctx: Context) -> None:
    body = _body(ctx)
    batch_type = body.get("batch_type")
    ids = body.get("user_ids")
    unsupported = c.not_found(ctx, 400, "Current batch type does not support, batch type:{0}.", status=400)
    if not batch_type:
        raise _bad("batch_type", "The batch type is required.")
    if not isinstance(ids, list) or not ids:
        raise _bad("user_ids", "At least one user id is required.")
    if len(ids) > MAX_BATCH_USERS:
        raise _bad("user_ids", f"You can update {MAX_BATCH_USERS} users at a time.")
    users = []
    for i, key in enumerate(ids):
        row = c.find_extension(ctx.conn, ctx.account_id, str(key), c.USER)
        if row is None:
            raise _bad(f"user_ids[{i}]", f"User does not exist: {key}.")
        users.append(row)
    uids = list(dict.fromkeys(u.id for u in users))
    if batch_type == "move_site":
        if not body.get("site_id"):
            raise _bad("site_id", "The site_id is required to move users.")
        site = _site_by(ctx, site_id=body["site_id"])
        if site is None:
            raise _bad("site_id", f"Site does not exist: {body['site_id']}.")
        ctx.conn.execute(update(EXT).where(EXT.c.id.in_(uids)).values(site_id=site.id, updated_at=utcnow()))
        _move_numbers(ctx, uids, site.id)
    elif batch_type == "activate":
        status = body.get("activation_status")
        if status not in ("activate", "deactivate"):
            raise _bad("activation_status", "The activation_status (activate or deactivate) is required.")
        ctx.conn.execute(update(EXT).where(EXT.c.id.in_(uids)).values(status=v.STATUS_ROW[status],
                                                                       updated_at=utcnow()))
    elif batch_type == "assign_pending_user":
        sites = {s.id: s for s in ctx.conn.execute(select(t.sites).where(
            t.sites.c.id.in_([u.site_id for u in users if u.site_id])))}
        for u in users:
            if u.site_id in sites and sites[u.site_id].country == "IN":
                raise ctx.error(12008)
        ctx.conn.execute(update(EXT).where(EXT.c.id.in_(uids), EXT.c.status == "pending")
                         .values(status="active", updated_at=utcnow()))
    else:
        raise ApiError(400, 400, unsupported.message.replace("{0}", str(batch_type)))
    return None


# --- calling plans -------------------------------------------------------------------------------------


def _plan_types_of(ctx: Context, user_id: str) -> list[int]:
    return list(ctx.conn.execute(select(ECP.c.type).where(ECP.c.extension_id == user_id).order_by(ECP.c.pk)).scalars())


def _check_billing(ctx: Context, plans: list[Any]) -> None:
    for i, p in enumerate(plans):
        bid = p.get("billing_account_id") if isinstance(p, dict) else None
        if bid and ctx.conn.execute(select(t.billing_accounts.c.id).where(
                t.billing_accounts.c.account_id == ctx.account_id, t.billing_accounts.c.id == bid)).first() is None:
            raise _bad(f"calling_plans[{i}].billing_account_id", f"Billing account does not exist: {bid}.")


@provider("POST /phone/users/{userId}/calling_plans")
def assign_calling_plans(ctx: Context) -> Response:
    user = _user(ctx)
    plans = _body(ctx).get("calling_plans")
    if isinstance(plans, list):
        _check_billing(ctx, plans)
        types = [p.get("type") for p in plans if isinstance(p, dict)]
        if len(set(types)) != len(types):
            raise _bad("calling_plans", "A calling plan type is given twice.")
    c.assign_calling_plans(ctx, user, plans)
    return Response(200)


@provider("PUT /phone/users/{userId}/calling_plans")
def switch_calling_plan(ctx: Context) -> None:
    user = _user(ctx)
    body = _body(ctx)
    source, target = int(body["source_type"]), int(body["target_type"])
    held = _plan_types_of(ctx, user.id)
    if source not in held:
        raise ctx.error(404, 400)
    if source == target:
        return None
    if target in held:
        raise _bad("target_type", f"Calling plan type {target} is already assigned.")
    old = ctx.conn.execute(select(ECP).where(ECP.c.extension_id == user.id, ECP.c.type == source)).first()
    c.unassign_calling_plan(ctx, user.id, source)
    plan: dict[str, Any] = {"type": target}
    if old.billing_account_id:
        plan["billing_account_id"] = old.billing_account_id
    if body.get("target_billing_subscription_id"):
        plan["billing_subscription_id"] = body["target_billing_subscription_id"]
    c.assign_calling_plans(ctx, user, [plan], field="target_type")
    return None


@provider("DELETE /phone/users/{userId}/calling_plans/{planType}")
def unassign_calling_plan(ctx: Context) -> None:
    user = _user(ctx)
    raw = ctx.path["planType"]
    if not _digits(raw, 9) or int(raw) not in _plan_types_of(ctx, user.id):
        raise ctx.error(400)
    c.unassign_calling_plan(ctx, user.id, int(raw))
    if not _plan_types_of(ctx, user.id):
        # Numbers need a calling plan: the user's last plan takes its numbers with it.
        c.unassign_numbers(ctx, user.id)
    return None


# --- phone numbers -------------------------------------------------------------------------------------


@provider("POST /phone/users/{userId}/phone_numbers")
def assign_numbers(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    items = _body(ctx).get("phone_numbers")
    rows = c.resolve_numbers(ctx, items, missing=ApiError(400, 300, "Phone number does not exist."))
    for r in rows:
        if r.allocated_product != "ZOOM_PHONE":
            raise ApiError(400, 300, f"Phone number {r.number} is not a Zoom Phone number.")
    taken = next((r for r in rows if r.assignee_id not in (None, user.id)), None)
    err = ApiError(400, 300, f"Phone number {taken.number if taken else ''} is already assigned to another "
                             "extension.".replace("  ", " "))
    return {"phone_numbers": c.assign_numbers(ctx, user, rows, taken=err)}


@provider("DELETE /phone/users/{userId}/phone_numbers/{phoneNumberId}")
def unassign_number(ctx: Context) -> None:
    user = _user(ctx)
    row = c.number_of_entity(ctx, user.id, ctx.path["phoneNumberId"])
    if row is None:
        raise ctx.error(400, 404)
    c.unassign_numbers(ctx, user.id, [row.id])
    return None


# --- policies ------------------------------------------------------------------------------------------


def _policy_type(ctx: Context) -> str:
    ptype = ctx.path["policyType"]
    if ptype not in POLICY_TYPES:
        raise ctx.error(400)
    return ptype


@provider("GET /phone/users/{userId}/policies/{policyType}")
def get_user_policy(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    ptype = _policy_type(ctx)
    policy = v.resolved_policy(ctx.conn, ctx.account_id, user)
    value = dict(policy.get(ptype) or {})
    value.setdefault("locked", "locked_by" in value)
    value.setdefault("modified", False)
    return {ptype: value}


@provider("PATCH /phone/users/{userId}/policies/{policyType}")
def update_user_policy(ctx: Context) -> None:
    user = _user(ctx)
    ptype = _policy_type(ctx)
    change = _body(ctx).get(ptype)
    if not isinstance(change, dict) or not change:
        raise _bad(ptype, f"The {ptype} object is required.")
    if change.get("reset") is not True:
        _check_policy_locks(ctx, user, {ptype: change})
    docs.patch(ctx.conn, ctx.account_id, user.id, "policy", {ptype: change})
    return None


# --- settings ------------------------------------------------------------------------------------------


@provider("GET /phone/users/{userId}/settings")
def get_settings(ctx: Context) -> dict[str, Any]:
    return v.settings(ctx.conn, ctx.account_id, _user(ctx))


def _caller_id_ok(ctx: Context, user, number: str):  # noqa: ANN001, ANN202
    """A number the user may present: one of theirs, a company number (held by an auto
    receptionist, call queue... of the account) or one of the customized caller ID numbers."""
    row = _number_row(ctx, number)
    if row is None or row.status != "Normal":
        return None
    if row.assignee_id == user.id:
        return row
    if row.assignee_id is not None:
        holder = ctx.conn.execute(select(EXT.c.type).where(EXT.c.id == row.assignee_id)).scalar()
        if holder != c.USER:
            return row
    cid = t.caller_id_numbers
    if ctx.conn.execute(select(cid.c.pk).where(cid.c.phone_number_id == row.id, cid.c.owner_id.in_(
            [user.id, ctx.account_id, user.site_id or ""]))).first() is not None:
        return row
    return None


@provider("PATCH /phone/users/{userId}/settings")
def update_settings(ctx: Context) -> None:
    user = _user(ctx)
    body = _body(ctx)
    change: dict[str, Any] = {}
    if "audio_prompt_language" in body:
        if body["audio_prompt_language"] not in AUDIO_PROMPT_LANGUAGES:
            raise _bad("audio_prompt_language", "Unsupported audio prompt language.")
        change["audio_prompt_language"] = body["audio_prompt_language"]
    if "default_transcription_language" in body:
        change["default_transcription_language"] = body["default_transcription_language"]
    if "area_code" in body:
        if body["area_code"] and not _digits(str(body["area_code"]), 10):
            raise _bad("area_code", "The area code is digits.")
        change["area_code"] = str(body["area_code"])
    if "country_iso_code" in body:
        code = str(body["country_iso_code"]).upper()
        if code not in COUNTRIES:
            raise _bad("country_iso_code", f"Unknown country: {body['country_iso_code']}.")
        change["country_iso_code"] = code
    if "music_on_hold_id" in body:
        moh = str(body["music_on_hold_id"])
        if moh not in ("", "0") and ctx.conn.execute(select(t.audio_items.c.id).where(
                t.audio_items.c.account_id == ctx.account_id, t.audio_items.c.id == moh)).first() is None:
            raise _bad("music_on_hold_id", f"Audio does not exist: {moh}.")
        change["music_on_hold_id"] = moh
    if "outbound_caller_id" in body:
        number = str(body["outbound_caller_id"] or "")
        if number:
            row = _caller_id_ok(ctx, user, number)
            if row is None:
                raise ApiError(400, 400, "Invalid outbound caller ID.")
            number = row.number
        else:
            policy = v.resolved_policy(ctx.conn, ctx.account_id, user)
            if (policy.get("select_outbound_caller_id") or {}).get("allow_hide_outbound_caller_id") is False:
                raise ApiError(400, 400, "Do not allow hiding outbound caller id.")
        change["outbound_caller"] = {"number": number}
    shared = body.get("shared_lines_call_setting")
    if isinstance(shared, dict):
        current = v.settings_doc(ctx.conn, ctx.account_id, user).get("shared_lines_call_setting") or {}
        execs = dict(current.get("executives") or {})
        groups = {**(current.get("shared_line_groups") or {})}
        by_id = dict(groups.get("by_id") or {})
        known_execs = {e.id: e for e in v.executives(ctx.conn, user)}
        for i, e in enumerate((shared.get("shared_line_appearances") or {}).get("executives") or []):
            ex = known_execs.get(e.get("user_id"))
            if ex is None:
                raise _bad(f"shared_lines_call_setting.shared_line_appearances.executives[{i}].user_id",
                           f"{user.name} is not a delegation assistant of {e.get('user_id')}.")
            if "receive_calls" in e:
                if not e["receive_calls"] and not v.executive_can_opt_out(ctx.conn, ctx.account_id, ex):
                    doc = ctx.op.error(1151)
                    msg = (doc.message if doc else "User {userId} cannot disable receiving incoming calls for "
                           "executive {executiveUserId}.")
                    raise ApiError(400, 1151, msg.replace("{userId}", user.id).replace("{executiveUserId}", ex.id))
                execs[ex.id] = bool(e["receive_calls"])
        slg = shared.get("shared_line_groups") or {}
        if "receive_calls" in slg:
            groups["receive_calls"] = bool(slg["receive_calls"])
        mine = {g.id for g in v.shared_line_groups_of(ctx.conn, user)}
        for i, g in enumerate(slg.get("shared_line_group") or []):
            if g.get("slg_id") not in mine:
                raise _bad(f"shared_lines_call_setting.shared_line_groups.shared_line_group[{i}].slg_id",
                           f"The user is not a member of the shared line group {g.get('slg_id')}.")
            if "receive_calls" in g:
                by_id[g["slg_id"]] = bool(g["receive_calls"])
        groups["by_id"] = by_id
        change["shared_lines_call_setting"] = {"executives": execs, "shared_line_groups": groups}
    if change:
        docs.patch(ctx.conn, ctx.account_id, user.id, "settings", change, allow_reset=False)
    return None


# --- shared access settings ----------------------------------------------------------------------------


def _setting_type(ctx: Context, allowed: tuple[str, ...]) -> str:
    stype = ctx.path["settingType"]
    if stype not in allowed:
        if ctx.op.operation_id == "updateUsersSharedAccessSetting":
            raise ApiError(400, 300, f"Invalid user setting Type: {stype}.")
        raise ApiError(400, 300, "Invalid user sub-setting type.")
    return stype


def _access_user(ctx: Context, user, field: str, key: Any, kind: str | None = None):  # noqa: ANN001, ANN202
    kinds = (kind,) if kind else (c.USER, c.COMMON_AREA)
    row = c.find_extension(ctx.conn, ctx.account_id, str(key or ""), kinds) if key else None
    if row is None:
        raise _bad(field, f"The access user does not exist: {key}.")
    if row.id == user.id:
        raise _bad(field, "A user cannot share with themselves.")
    return row


_ACCESS_KIND = {"voice_mail": v.VOICEMAIL_ACCESS, "auto_call_recording": v.AUTO_REC_ACCESS,
                "ad_hoc_call_recording": v.AD_HOC_REC_ACCESS}
_ACCESS_FIELD = {"voice_mail": "voicemail_access_members", "auto_call_recording": "auto_call_recording_access_members",
                 "ad_hoc_call_recording": "ad_hoc_call_recording_access_members"}


def _access_entries(body: dict[str, Any], stype: str) -> list[tuple[str, dict[str, Any]]]:
    """[(field, normalised member)] from the list field, or the deprecated ``voice_mail`` object."""
    field = _ACCESS_FIELD[stype]
    out = [(f"{field}[{i}]", dict(m)) for i, m in enumerate(body.get(field) or []) if isinstance(m, dict)]
    legacy = body.get("voice_mail") if stype == "voice_mail" else None
    if isinstance(legacy, dict) and legacy:
        m = {k: legacy[k] for k in ("access_user_id", "access_user_type", "shared_id") if k in legacy}
        if "delete" in legacy:
            m["allow_delete"] = legacy["delete"]
        if "download" in legacy:
            m["allow_download"] = legacy["download"]
        out.append(("voice_mail", m))
    return out


@provider("POST /phone/users/{userId}/settings/{settingType}")
def add_shared_setting(ctx: Context) -> Response:
    user = _user(ctx)
    stype = _setting_type(ctx, SHARED_TYPES)
    body = _body(ctx)
    if stype in _ACCESS_KIND:
        kind = _ACCESS_KIND[stype]
        entries = _access_entries(body, stype)
        if not entries:
            raise _bad(_ACCESS_FIELD[stype], "At least one access member is required.")
        have = {m["access_user_id"] for m in v.access_members(ctx.conn, user.id, kind)}
        new = []
        for field, m in entries:
            utype = m.get("access_user_type") or "user"
            if stype != "voice_mail":
                utype = "user"
            target = _access_user(ctx, user, f"{field}.access_user_id", m.get("access_user_id"),
                                  c.COMMON_AREA if utype == "commonArea" else c.USER)
            if target.id in have:
                what = "Voicemail" if stype == "voice_mail" else "The recordings"
                raise ApiError(400, 300, f"{what} has already been shared to the user.")
            have.add(target.id)
            new.append({"access_user_id": target.id, "access_user_type": utype,
                        "allow_delete": bool(m.get("allow_delete", False)),
                        "allow_download": bool(m.get("allow_download", False)),
                        "allow_sharing": bool(m.get("allow_sharing", False))})
        ids = [c.add_item(ctx, user.id, kind, d) for d in new]
        members = [m for m in v.access_members(ctx.conn, user.id, kind) if m["shared_id"] in ids]
        out: dict[str, Any] = {_ACCESS_FIELD[stype]: members}
        if stype == "voice_mail" and members:
            out["voice_mail"] = v.legacy_voice_mail(members[-1])
        return Response(201, out)
    if stype == "delegation":
        key = body.get("delegation_assistant_extension_id")
        if not key:
            raise ApiError(400, 300, "Delegation assistant is required.")
        row = c.find_extension(ctx.conn, ctx.account_id, str(key))
        if row is None:
            raise ApiError(400, 300, f"User delegation assistant does not exist: {key}.")
        if row.type not in (c.USER, c.COMMON_AREA) or row.id == user.id:
            raise ApiError(400, 300, "Delegation assistant is not a user or a common area.")
        c.add_members(ctx, user, [row], role=v.DELEGATE)
        doc = v.settings_doc(ctx.conn, ctx.account_id, user)
        return Response(201, {"delegation": v.delegation(ctx.conn, user, doc)})
    # intercom: the device that intercom calls ring
    device_id = body.get("device_id")
    if not device_id or device_id not in {d.id for d in v.devices_of(ctx.conn, user.id)}:
        raise _bad("device_id", f"The device is not assigned to the user: {device_id}.")
    docs.patch(ctx.conn, ctx.account_id, user.id, "settings", {"intercom": {"device_id": device_id}},
               allow_reset=False)
    return Response(201, {})


@provider("PATCH /phone/users/{userId}/settings/{settingType}")
def update_shared_setting(ctx: Context) -> None:
    user = _user(ctx)
    stype = _setting_type(ctx, PATCH_TYPES)
    body = _body(ctx)
    if stype in _ACCESS_KIND:
        kind = _ACCESS_KIND[stype]
        entries = _access_entries(body, stype)
        if not entries:
            raise _bad(_ACCESS_FIELD[stype], "At least one access member is required.")
        items = {i.id: i for i in c.items_of(ctx.conn, user.id, kind)}
        by_user = {(i.details or {}).get("access_user_id"): i for i in items.values()}
        updates = []
        for field, m in entries:
            item = items.get(m.get("shared_id")) or by_user.get(m.get("access_user_id"))
            if item is None:
                raise _bad(f"{field}.shared_id", f"The shared access does not exist: {m.get('shared_id')}.")
            d = dict(item.details or {})
            for k in ("allow_delete", "allow_download", "allow_sharing"):
                if k in m:
                    d[k] = bool(m[k])
            updates.append((item.id, d))
        for item_id, d in updates:
            c.update_item(ctx.conn, item_id, d)
        return None
    if stype == "delegation":
        change = body.get("delegation")
        if not isinstance(change, dict) or not change:
            raise _bad("delegation", "The delegation object is required.")
        if not c.members_of(ctx.conn, user.id, v.DELEGATE):
            raise ApiError(400, 300, "Delegation assistants do not exist.")
        if "privileges" in change:
            p = change["privileges"]
            if not isinstance(p, list) or not p or not set(p) <= DELEGATION_PRIVILEGES:
                raise ApiError(400, 300, "Delegation privileges error.")
            change = {**change, "privileges": sorted(set(p))}
        if "privacy" in change and not isinstance(change["privacy"], bool):
            raise ApiError(400, 300, "Delegation privacy error.")
        delegation = {k: change[k] for k in ("locked", "privacy", "privileges") if k in change}
        docs.patch(ctx.conn, ctx.account_id, user.id, "settings", {"delegation": delegation}, allow_reset=False)
        return None
    if stype == "desk_phone":
        change = body.get("desk_phone")
        if not isinstance(change, dict) or not change:
            raise _bad("desk_phone", "The desk_phone object is required.")
        mine = {d.id: d for d in v.devices_of(ctx.conn, user.id)}
        policies = []
        for i, dev in enumerate(change.get("devices") or []):
            if dev.get("id") not in mine:
                raise _bad(f"desk_phone.devices[{i}].id", f"The device is not assigned to the user: {dev.get('id')}.")
            policies.append((dev["id"], dev.get("policy") or {}))
        if "pin_code" in change and not re.fullmatch(r"\d{4,10}", str(change["pin_code"])):
            raise _bad("desk_phone.pin_code", "The PIN code is 4 to 10 digits.")
        da = t.device_assignments
        for device_id, policy in policies:
            cur = dict(mine[device_id].assignment or {})
            cur["policy"] = docs.merge(cur.get("policy") or {}, policy)
            ctx.conn.execute(update(da).where(da.c.device_id == device_id, da.c.extension_id == user.id)
                             .values(details=cur, updated_at=utcnow()))
        doc = {k: change[k] for k in ("phone_screen_lock", "pin_code") if k in change}
        if doc:
            docs.patch(ctx.conn, ctx.account_id, user.id, "settings", {"desk_phone": doc}, allow_reset=False)
        return None
    # intercom
    change = body.get("intercom")
    if not isinstance(change, dict) or not change:
        raise _bad("intercom", "The intercom object is required.")
    target = None
    if change.get("extension_id"):
        target = c.find_extension(ctx.conn, ctx.account_id, str(change["extension_id"]), (c.USER, c.COMMON_AREA))
        if target is None or target.id == user.id:
            raise _bad("intercom.extension_id", f"The extension does not exist: {change['extension_id']}.")
    if change.get("device_id") and change["device_id"] not in {d.id for d in v.devices_of(ctx.conn, user.id)}:
        raise _bad("intercom.device_id", f"The device is not assigned to the user: {change['device_id']}.")
    if target is not None:
        c.add_members(ctx, user, [target], role=v.INTERCOM, details={target.id: {"status": "pending"}})
    if change.get("device_id"):
        docs.patch(ctx.conn, ctx.account_id, user.id, "settings", {"intercom": {"device_id": change["device_id"]}},
                   allow_reset=False)
    return None


@provider("DELETE /phone/users/{userId}/settings/{settingType}")
def delete_shared_setting(ctx: Context) -> None:
    """The contract gives this operation no query parameters: the whole sub-setting goes."""
    user = _user(ctx)
    stype = _setting_type(ctx, PATCH_TYPES)
    if stype in _ACCESS_KIND:
        c.delete_items(ctx.conn, user.id, _ACCESS_KIND[stype])
        return None
    current = docs.load(ctx.conn, user.id, "settings")
    if stype == "delegation":
        c.remove_members(ctx, user.id, role=v.DELEGATE)
        current.pop("delegation", None)
    elif stype == "intercom":
        c.remove_members(ctx, user.id, role=v.INTERCOM)
        current.pop("intercom", None)
    else:
        current.pop("desk_phone", None)
    docs.store(ctx.conn, ctx.account_id, user.id, "settings", current)
    return None


# --- audio library --------------------------------------------------------------------------------------


AUDIO = t.audio_items


def _audio_list(ctx: Context, user_id: str, ids: list[str] | None = None) -> list[dict[str, str]]:
    q = select(AUDIO.c.id, AUDIO.c.name).where(AUDIO.c.account_id == ctx.account_id, AUDIO.c.owner_id == user_id)
    if ids is not None:
        q = q.where(AUDIO.c.id.in_(ids))
    return [{"audio_id": r.id, "name": r.name} for r in ctx.conn.execute(q.order_by(AUDIO.c.pk))]


@provider("GET /phone/users/{userId}/audios")
def list_audios(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    return {"audios": _audio_list(ctx, user.id)}


@provider("POST /phone/users/{userId}/audios")
def add_tts_audio(ctx: Context) -> Response:
    key = ctx.path["userId"]
    user = c.find_extension(ctx.conn, ctx.account_id, key, c.USER)
    if user is None:
        raise ApiError(400, 300, "Invalid user ID. User does not exist.")
    body = _body(ctx)
    text = str(body.get("text") or "")
    if not text.strip():
        raise ApiError(400, 300, "The text is empty.")
    if len(text) > audio.MAX_TEXT:
        raise ApiError(400, 300, "Maximum text length has been exceeded.")
    language = audio.find_language(str(body.get("voice_language") or audio.DEFAULT_LANGUAGE))
    if language is None:
        raise ApiError(400, 300, "The language is not supported.")
    accent = audio.default_accent(language)
    if body.get("voice_accent"):
        accent = audio.find_accent(language, str(body["voice_accent"]))
        if accent is None:
            raise ApiError(400, 300, "The voice accent is not supported.")
    name = str(body.get("audio_name") or "").strip() or (text.strip()[:40] + ".wav")
    content, engine = audio.text_to_speech(text, language, accent)
    audio_id = new_id()
    ctx.conn.execute(insert(AUDIO).values(
        id=audio_id, account_id=ctx.account_id, owner_id=user.id, name=name[:255], content_type="audio/wav",
        content=content, details={"source": "text_to_speech", "text": text, "voice_language": language,
                                  "voice_accent": accent, "engine": engine, "size": len(content)},
        **stamps()))
    return Response(201, {"audio_id": audio_id, "name": name[:255]})


@provider("POST /phone/users/{userId}/audios/batch")
def add_audios(ctx: Context) -> Response:
    user = _user(ctx)
    attachments = _body(ctx).get("attachments")
    if not isinstance(attachments, list) or not attachments:
        raise _bad("attachments", "At least one attachment is required.")
    if len(attachments) > audio.MAX_ATTACHMENTS:
        raise _bad("attachments", f"Up to {audio.MAX_ATTACHMENTS} attachments per request.")
    doc = ctx.op.error(400)
    template = doc.message if doc else ("The type of audio is invalid, audio name: {0}. The size of audio exceeds "
                                        "limit, audio name: {0}.")
    type_msg, _, size_msg = template.partition(". ")
    rows = []
    for i, a in enumerate(attachments):
        name = str(a.get("name") or "").strip()
        if not name:
            raise _bad(f"attachments[{i}].name", "The audio file name is required.")
        atype = str(a.get("audio_type") or "").lower()
        try:
            data = base64.b64decode(str(a.get("base64_encoding") or ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if atype not in audio.AUDIO_TYPES or not data or not audio.matches_type(atype, data):
            raise ApiError(400, 400, type_msg.replace("{0}", name).rstrip(".") + ".")
        if len(data) > audio.MAX_ATTACHMENT_BYTES:
            raise ApiError(400, 400, (size_msg or "The size of audio exceeds limit, audio name: {0}.").replace("{0}", name))
        rows.append({"id": new_id(), "account_id": ctx.account_id, "owner_id": user.id, "name": name[:255],
                     "content_type": atype, "content": data,
                     "details": {"source": "upload", "size": len(data)}, **stamps()})
    ctx.conn.execute(insert(AUDIO), rows)
    return Response(201, {"audios": _audio_list(ctx, user.id, [r["id"] for r in rows])})


# --- AI call summaries, SMS opt statuses --------------------------------------------------------------


@provider("GET /phone/user/{userId}/ai_call_summary/{aiCallSummaryId}")
def get_ai_call_summary(ctx: Context) -> dict[str, Any]:
    """Summaries are ``phone_items`` of kind ``ai_call_summary`` owned by the user (written by
    call activity, which phonestack does not simulate yet): unknown ids answer 404."""
    user = _user(ctx)
    key = ctx.path["aiCallSummaryId"]
    item = c.get_item(ctx.conn, user.id, v.AI_SUMMARY, key)
    if item is None:
        raise ApiError(404, 404, f"AI call summary does not exist: {key}.")
    d = item.details or {}
    out = {"ai_call_summary_id": item.id, "account_id": ctx.account_id, "user_id": user.id,
           "created_time": iso(item.created_at), "modified_time": iso(item.updated_at)}
    for k in ("call_id", "call_summary_rate", "transcript_language", "call_summary", "next_steps",
              "detailed_summary", "edited"):
        if k in d:
            out[k] = d[k]
    return out


@provider("GET /phone/user/{userId}/sms_campaigns/phone_numbers/opt_status")
def list_opt_statuses(ctx: Context) -> dict[str, Any]:
    """The opt statuses recorded for the user's numbers (``phone_items`` of kind
    ``sms_opt_status``: consumer number, opt status); a record of a number the user no longer
    holds is not shown. ``opt_in_message`` comes from the consent policy or campaign of the
    user's number."""
    user = _user(ctx)
    numbers = {r.number: r for r in ctx.conn.execute(select(PN).where(PN.c.assignee_id == user.id))}
    consents = {r.id: r for r in ctx.conn.execute(select(t.sms_consents).where(
        t.sms_consents.c.id.in_({n.sms_consent_id for n in numbers.values()} - {None})))}
    campaigns = {r.id: r for r in ctx.conn.execute(select(t.sms_campaigns).where(
        t.sms_campaigns.c.id.in_({n.sms_campaign_id for n in numbers.values()} - {None})))}
    out = []
    for item in c.items_of(ctx.conn, user.id, v.OPT_STATUS):
        d = item.details or {}
        number = numbers.get(d.get("zoom_phone_user_number"))
        if number is None:
            continue
        entry: dict[str, Any] = {"consumer_phone_number": d.get("consumer_phone_number", ""),
                                 "zoom_phone_user_number": number.number,
                                 "opt_status": d.get("opt_status", "pending"),
                                 "opt_in_status": int(d.get("opt_in_status", 0))}
        message = None
        if number.sms_consent_id in consents:
            message = ((consents[number.sms_consent_id].in_out_bound or {}).get("opt_in_message") or {}).get("prompt")
        if message is None and number.sms_campaign_id in campaigns:
            message = (campaigns[number.sms_campaign_id].details or {}).get("response_to_opt_in")
        if entry["opt_in_status"] == 1 and message:
            entry["opt_in_message"] = message
        out.append(entry)
    return {"phone_number_campaign_opt_statuses": out}

