"""What call queues and auto receptionists share: details validation, numbers with their
source, policies (account -> site -> entity documents) and shared voicemail access members.

Both entities are ``extensions`` rows (type ``callQueue`` / ``autoReceptionist``). Their
documented attributes (timezone, languages, cost center...) live in ``details``; their policy
overrides in a ``phone_documents`` "policy" document; their shared voicemail access members are
``phone_items`` (kind ``cq_voicemail_access`` / ``ar_voicemail_access``) whose id is the
documented ``shared_id``. See docs/phone/call-queues.md.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...store import schema as t
from .. import common as c
from .. import documents as docs

EXT = t.extensions
PN = t.phone_numbers

RESERVED_EXTENSIONS = {"911", "933", "988", "112", "999", "000", "110", "119"}
EXTENSION_DIGITS = (3, 15)  # phonestack's bounds (Zoom's depend on the account's site-code setup)

# Attributes kept in ``extensions.details`` and their defaults on a fresh entity.
DETAIL_DEFAULTS: dict[str, Any] = {
    "timezone": "America/Los_Angeles",
    "audio_prompt_language": "en-US",
    "default_transcription_language": "en-US",
    "recording_storage_location": "US",
    "cost_center": "",
    "department": "",
}
DETAIL_KEYS = ("description", "timezone", "cost_center", "department", "audio_prompt_language",
               "default_transcription_language", "recording_storage_location")

META = ("locked", "locked_by", "modified", "reset")
POLICY_TYPES = ("voicemail_access_members", "voicemail_access_member")
MAX_ACCESS_MEMBERS = 10  # "limited to the minimum value of 10 or the ... account setting"


@cache
def _timezones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def valid_timezone(tz: Any) -> bool:
    return isinstance(tz, str) and (tz in _timezones() or tz == "UTC")


def extension_number(value: Any, *, out_of_range: ApiError, reserved: ApiError | None = None) -> int:
    """A requested extension number: digits within phonestack's bounds, not reserved."""
    text = str(value)
    lo, hi = EXTENSION_DIGITS
    if not text.isdigit() or not lo <= len(text) <= hi:
        raise out_of_range
    if text in RESERVED_EXTENSIONS:
        raise reserved or out_of_range
    return int(text)


def site_for(ctx: Context, site_id: Any, missing: ApiError) -> str | None:
    """The id of the named site of the account (``missing`` if it is not one), or the main
    site's when none is named."""
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, str(site_id)) is None:
            raise missing
        return str(site_id)
    main = c.main_site(ctx.conn, ctx.account_id)
    return main.id if main is not None else None


def details_view(row) -> dict[str, Any]:  # noqa: ANN001
    d = {**DETAIL_DEFAULTS, **(row.details or {})}
    return {k: d[k] for k in DETAIL_KEYS if k in d and d[k] is not None}


def numbers_with_source(conn, ids: list[str]) -> dict[str, list[dict[str, str]]]:  # noqa: ANN001
    """{assignee_id: [{"id", "number", "source"}]}: ``source`` internal (Zoom's numbers) or
    external (BYOC and carrier numbers)."""
    out: dict[str, list[dict[str, str]]] = {i: [] for i in ids}
    if ids:
        for r in conn.execute(select(PN.c.id, PN.c.number, PN.c.source, PN.c.assignee_id)
                              .where(PN.c.assignee_id.in_(ids)).order_by(PN.c.pk)):
            out[r.assignee_id].append({"id": r.id, "number": r.number,
                                       "source": "internal" if r.source.startswith("Zoom") else "external"})
    return out


def move_numbers_to_site(ctx: Context, entity_id: str, site_id: str | None) -> None:
    """An entity's numbers follow it to its new site."""
    from sqlalchemy import update

    from ...store.util import utcnow

    if site_id:
        ctx.conn.execute(update(PN).where(PN.c.assignee_id == entity_id).values(site_id=site_id,
                                                                                  updated_at=utcnow()))


def check_assignable(rows: list[Any], entity, taken) -> None:  # noqa: ANN001
    """Validate every number before the first write: Zoom Phone numbers, not pending, free or
    already this entity's. ``taken(row)`` is the documented error for a number held elsewhere."""
    for r in rows:
        if r.assignee_id not in (None, entity.id):
            raise taken(r)
        if r.allocated_product != "ZOOM_PHONE":
            raise ApiError(400, 300, f"Phone number {r.number} is not allocated to Zoom Phone.")
        if r.status != "Normal":
            raise ApiError(400, 300, f"Phone number {r.number} is pending and cannot be assigned yet.")


# --- policies -------------------------------------------------------------------------------------


def clean_defaults(example: dict[str, Any], list_keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """The documented example as defaults: without the lock/modified flags (computed per read),
    the example's ids of other objects, and the lists of shared voicemail members (rows)."""
    out: dict[str, Any] = {}
    for key, value in example.items():
        if key in list_keys or not isinstance(value, dict):
            continue
        v = {k: copy.deepcopy(x) for k, x in value.items() if k not in META}
        for sub in ("inbound_audio_notification", "outbound_audio_notification"):
            if isinstance(v.get(sub), dict):
                v[sub].pop("recording_start_prompt_audio_id", None)
        for lst in ("sms_template_list", "forward_email_list", "fax_notification_email_list"):
            if lst in v:
                v[lst] = []
        out[key] = v
    return out


def chain(ctx: Context, row, level: str) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [("account", ctx.account_id), ("site", row.site_id), (level, row.id)]


def policy_view(ctx: Context, row, level: str, defaults: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """The effective policy: defaults <- account <- site <- entity, with locked / locked_by /
    modified per sub-setting (modified: the entity overrides it)."""
    cha = chain(ctx, row, level)
    out = docs.resolve(ctx.conn, cha, "policy", defaults)
    own = docs.load(ctx.conn, row.id, "policy")
    result: dict[str, Any] = {}
    for key in defaults:
        value = dict(out.get(key) or {})
        value.pop("reset", None)
        locked_by = value.get("locked_by")
        has_meta = key not in ("ad_hoc_call_recording_for_members", "call_queue_pickup_code")
        if has_meta:
            value["locked"] = bool(locked_by)
            value["locked_by"] = locked_by or "invalid"
            value["modified"] = key in own and not locked_by
        else:
            value.pop("locked", None)
            value.pop("locked_by", None)
        result[key] = value
    return result


def patch_policy(ctx: Context, row, level: str, defaults: dict[str, Any],  # noqa: ANN001
                 validate=None) -> None:  # noqa: ANN001
    """Merge the PATCH body into the entity's override; ``{"reset": true}`` drops it (reset wins
    over the other fields of the object, as Zoom's examples send both). A sub-setting locked
    above the entity cannot be changed."""
    data = c.body(ctx)
    locked = docs.locked_keys(ctx.conn, chain(ctx, row, level), "policy")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in defaults or not isinstance(value, dict):
            continue
        if key in locked:
            raise ApiError(400, 300, f"The {key} policy is locked at the {locked[key]} level.")
        if value.get("reset") is True:
            changes[key] = {"reset": True}
        else:
            changes[key] = {k: v for k, v in value.items() if k not in META}
            if validate is not None:
                validate(key, changes[key])
    if changes:
        docs.patch(ctx.conn, ctx.account_id, row.id, "policy", changes)


def policy_type(ctx: Context, error: ApiError) -> str:
    value = ctx.path["policyType"]
    if value not in POLICY_TYPES:
        raise error
    return value


def access_member(ctx: Context, entry: dict[str, Any], missing) -> tuple[Any, str]:  # noqa: ANN001
    """The user or common area named by a voicemail access entry (``missing(key)`` if none)."""
    kind = entry.get("access_user_type") or "user"
    key = entry.get("access_user_id")
    if not key:
        raise c.invalid("access_user_id", "The member's id is required.")
    m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.USER if kind == "user" else c.COMMON_AREA)
    if m is None:
        raise missing(str(key))
    return m, kind


def access_items(conn, owner_id: str, kind: str) -> list[Any]:  # noqa: ANN001
    return c.items_of(conn, owner_id, kind)


def access_view_cq(item) -> dict[str, Any]:  # noqa: ANN001
    d = item.details or {}
    return {"access_user_id": d.get("access_user_id"), "access_user_type": d.get("access_user_type", "user"),
            "allow_download": bool(d.get("allow_download")), "allow_delete": bool(d.get("allow_delete")),
            "allow_sharing": bool(d.get("allow_sharing")), "shared_id": item.id}


def access_view_ar(item) -> dict[str, Any]:  # noqa: ANN001
    d = item.details or {}
    return {"access_user_id": d.get("access_user_id"), "access_user_type": d.get("access_user_type", "user"),
            "delete": bool(d.get("allow_delete")), "download": bool(d.get("allow_download")),
            "shared_id": item.id}


def delete_access(ctx: Context, owner_id: str, kind: str) -> None:
    """DELETE .../policies/{policyType}: the contract gives it no parameter; Zoom's
    ``shared_ids`` is read from the query when declared or from a JSON body; without it every
    access member goes."""
    ids = ctx.query.get("shared_ids") or (ctx.body.get("shared_ids") if isinstance(ctx.body, dict) else None)
    if isinstance(ids, str):
        ids = [s for s in ids.split(",") if s]
    if ids:
        have = {i.id for i in c.items_of(ctx.conn, owner_id, kind)}
        missing = [i for i in ids if i not in have]
        if missing:
            raise ApiError(400, 300, f"Shared voicemail access member does not exist: {', '.join(missing)}.")
        c.delete_items(ctx.conn, owner_id, kind, ids)
    else:
        c.delete_items(ctx.conn, owner_id, kind)


def audio_exists(conn, account_id: str, audio_id: str) -> bool:  # noqa: ANN001
    a = t.audio_items
    return conn.execute(select(a.c.id).where(a.c.account_id == account_id, a.c.id == audio_id)).first() is not None


def audio_ref(conn, account_id: str, audio_id: str):  # noqa: ANN001, ANN201
    a = t.audio_items
    return conn.execute(select(a.c.id, a.c.name).where(a.c.account_id == account_id, a.c.id == audio_id)).first()
