"""Desk phones: lookups and the assignment rules shared by the devices and common-area providers.

A device (``devices`` row) serves the users and common areas of ``device_assignments``. Rules:
at most ``MAX_ASSIGNEES`` assignees; every assignee is a user or a common area of the account;
all assignees belong to one site, which becomes the device's site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ...http.context import Context
from ...http.errors import ApiError
from ...store import schema as t
from ...store.util import stamps, utcnow
from .. import common as c

DEV = t.devices
DA = t.device_assignments
EXT = t.extensions

# phonestack's choice (the documents give no figure): a desk phone serves at most 16 extensions.
MAX_ASSIGNEES = 16
ASSIGNABLE = (c.USER, c.COMMON_AREA)
LINE_KEY = "device_line_key"
PROVISION_TEMPLATE = "provision_template"
DEVICE_MISSING = "Device does not exist in the system."


def normalise_mac(value: Any) -> str | None:
    """``80-5e-c0-3d-eb-c4``, ``80:5E:C0:3D:EB:C4``, ``805EC03DEBC4`` -> ``805ec03debc4``."""
    text = re.sub(r"[:\-.\s]", "", str(value or "")).lower()
    return text if re.fullmatch(r"[0-9a-f]{12}", text) else None


def find_device(conn: Connection, account_id: str, device_id: str):  # noqa: ANN201
    return conn.execute(select(DEV).where(DEV.c.account_id == account_id, DEV.c.id == device_id)).first()


def assignees_of(conn: Connection, device_ids: Iterable[str]) -> dict[str, list[Any]]:
    """{device_id: [extension rows with ``assignment`` (the link's details)]} in assignment order."""
    ids = list(set(device_ids))
    out: dict[str, list[Any]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(EXT, DA.c.device_id.label("device_id"), DA.c.details.label("assignment"))
        .join(DA, DA.c.extension_id == EXT.c.id).where(DA.c.device_id.in_(ids)).order_by(DA.c.pk)
    ).all()
    for r in rows:
        out[r.device_id].append(r)
    return out


def devices_of(conn: Connection, extension_ids: Iterable[str]) -> dict[str, list[Any]]:
    """{extension_id: [device rows with ``assignment``]} in assignment order."""
    ids = list(set(extension_ids))
    out: dict[str, list[Any]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(DEV, DA.c.extension_id.label("extension_id"), DA.c.details.label("assignment"))
        .join(DA, DA.c.device_id == DEV.c.id).where(DA.c.extension_id.in_(ids)).order_by(DA.c.pk)
    ).all()
    for r in rows:
        out[r.extension_id].append(r)
    return out


def resolve_assignees(ctx: Context, keys: Any, *, field: str, missing: ApiError) -> list[Any]:
    """The users / common areas named by ``keys`` (ids, extension numbers; users also by email);
    an unknown one answers ``missing``."""
    if not isinstance(keys, list):
        raise c.invalid(field, "An array of extension IDs is required.")
    rows, seen = [], set()
    for i, key in enumerate(keys):
        if not isinstance(key, str) or not key.strip():
            raise c.invalid(f"{field}[{i}]", "The extension ID is required.")
        row = c.find_extension(ctx.conn, ctx.account_id, key.strip(), ASSIGNABLE)
        if row is None:
            raise ApiError(missing.status, missing.code, missing.message.replace("{0}", key), missing.errors)
        if row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    return rows


def check_assignment(current: list[Any], new: list[Any], *, device_site: str | None,
                     field: str = "assignee_extension_ids") -> str | None:
    """Validate that ``current`` + ``new`` assignees fit one device; returns the device's site."""
    ids = {r.id for r in current} | {r.id for r in new}
    if len(ids) > MAX_ASSIGNEES:
        raise c.invalid(field, f"A desk phone can be assigned to at most {MAX_ASSIGNEES} users or common areas.")
    sites = {r.site_id for r in [*current, *new]}
    if len(sites) > 1:
        raise c.invalid(field, "All assignees of a desk phone must belong to the same site.")
    if sites:
        return next(iter(sites))
    return device_site


def assign(ctx: Context, device, rows: list[Any], site_id: str | None) -> int:  # noqa: ANN001
    """Link ``rows`` to ``device`` (the ones already linked are kept); the device follows their site."""
    have = set(ctx.conn.execute(select(DA.c.extension_id).where(DA.c.device_id == device.id)).scalars())
    new = [{"account_id": ctx.account_id, "device_id": device.id, "extension_id": r.id, "details": {},
            **stamps()} for r in rows if r.id not in have]
    if new:
        ctx.conn.execute(insert(DA), new)
    if site_id != device.site_id:
        ctx.conn.execute(update(DEV).where(DEV.c.id == device.id).values(site_id=site_id, updated_at=utcnow()))
    return len(new)


def unassign(ctx: Context, device_id: str, extension_ids: Iterable[str] | None = None) -> int:
    q = delete(DA).where(DA.c.device_id == device_id)
    if extension_ids is not None:
        q = q.where(DA.c.extension_id.in_(list(extension_ids)))
    return ctx.conn.execute(q).rowcount


def provision_template_exists(conn: Connection, account_id: str, template_id: str) -> bool:
    it = t.phone_items
    return conn.execute(
        select(it.c.id).where(it.c.account_id == account_id, it.c.kind == PROVISION_TEMPLATE, it.c.id == template_id)
    ).first() is not None
