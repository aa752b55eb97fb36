"""The audit trail behind the phone operation logs report: one ``audit_log`` row per successful
write request (every operation that is not a GET).

``record`` is called by ``Server._run`` (http/app.py) right after the provider, inside the
request's own transaction: the row commits with the write or not at all (a provider error, a
constraint violation or a failed commit leaves none). It is one INSERT of a few columns; the
category and the action of an operation are computed once per operation and cached.

- ``category``: Zoom's category of the operation's tag ("Call Queues" -> "Call Queue", "IVR" ->
  "Auto Receptionist", "Phone Devices" -> "Device", ...; other tags lose their plural).
- ``action``: ``ADD`` (POST), ``UPDATE`` (PATCH, PUT), ``DELETE`` (DELETE).
- ``detail``: the operation's summary, the object's name when the body gives one, the new
  object's id when the answer gives one, and the path ids.
- ``operator``: the calling app's id; the report shows the app's account owner's email.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ..store import schema as t

if TYPE_CHECKING:
    from ..http.context import Context
    from ..spec import Operation

AUDIT = t.audit_log
ACTIONS = {"POST": "ADD", "PATCH": "UPDATE", "PUT": "UPDATE", "DELETE": "DELETE"}
# Tags whose category is not the tag without its plural (Zoom's category names).
TAG_CATEGORY = {
    "Users": "User", "Sites": "Site", "Call Queues": "Call Queue", "Auto Receptionists": "Auto Receptionist",
    "IVR": "Auto Receptionist", "Common Areas": "Common Area", "Shared Line Group": "Shared Line Group",
    "Phone Numbers": "Phone Number", "Carrier Reseller": "Phone Number", "Cloud Peering Reseller": "Phone Number",
    "Provider Exchange": "Phone Number", "Phone Devices": "Device", "Device Line Keys": "Device",
    "Emergency Addresses": "Emergency Address", "Emergency Service Locations": "Emergency Location",
    "Zoom Rooms": "Zoom Room", "Settings": "Account Settings", "Accounts": "Account", "Groups": "Group",
    "Phone Roles": "Role", "Call Logs": "Call Log", "SMS Campaigns": "SMS Campaign",
}
NAME_KEYS = ("name", "display_name", "extension_name", "email", "address_line1", "phone_number", "number",
             "mac_address", "site_name")
MAX_DETAIL = 512


_CLASSES: dict[str, tuple[str, str]] = {}


def classify(op: Operation) -> tuple[str, str]:
    """(category, action) of a write operation (cached per operation)."""
    got = _CLASSES.get(op.operation_id)
    if got is None:
        got = _CLASSES[op.operation_id] = _classify(op)
    return got


def _classify(op: Operation) -> tuple[str, str]:
    tag = op.tags[0] if op.tags else ""
    if tag in TAG_CATEGORY:
        category = TAG_CATEGORY[tag]
    elif tag.endswith("s") and not tag.endswith("ss"):
        category = tag[:-1]
    else:
        category = tag or op.operation_id
    return category, ACTIONS.get(op.method, op.method)


_CATEGORIES: dict[str, str] = {}


def categories() -> dict[str, str]:
    """Every category of the contract's write operations, by its lower-case form."""
    if not _CATEGORIES:
        from .. import spec

        _CATEGORIES.update({classify(op)[0].lower(): classify(op)[0] for op in spec.operations().values()
                            if op.method != "GET"})
    return _CATEGORIES


def _name(body: Any) -> str:
    if isinstance(body, list) and body:
        body = body[0]
    if not isinstance(body, dict):
        return ""
    for key in NAME_KEYS:
        v = body.get(key)
        if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v):
            return str(v)
    return ""


def detail(op: Operation, path_ids: dict[str, str], body: Any, result: Any) -> str:
    out = op.summary or op.operation_id
    name = _name(body)
    if name:
        out += f": {name}"
    res = getattr(result, "body", result)
    new_id = res.get("id") if isinstance(res, dict) else None
    ids = [f"{k}={v}" for k, v in path_ids.items()]
    if isinstance(new_id, str) and new_id:
        ids.append(f"id={new_id}")
    if ids:
        out += f" ({', '.join(ids)})"
    return out[:MAX_DETAIL]


def record(conn: Connection, ctx: Context, result: Any) -> None:
    """The audit row of a write request that succeeded, in its transaction."""
    op = ctx.op
    category, action = classify(op)
    path_ids = {k: v for k, v in ctx.path.items() if k != "accountId"}
    conn.execute(_INSERT, {
        "account_id": ctx.account_id, "ts": int(time.time()), "operator": ctx.principal.app_id,
        "operation_id": op.operation_id, "category": category, "action": action,
        "path_ids": orjson.dumps(path_ids).decode() if path_ids else "",
        "detail": detail(op, path_ids, ctx.body, result),
    })


_INSERT = insert(AUDIT)  # built once: every write request runs it
