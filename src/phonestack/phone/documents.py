"""Settings and policies as documents, with the inheritance the documents describe.

A document is a JSON object (``phone_documents.data``) stored per owner (account, site,
extension, template) and section ("settings", "policy", "call_handling", ...). Only overrides
are stored. Reading resolves, most general first:

    defaults  ->  account  ->  user group  ->  site  ->  entity

(the user-group level, ``"user_group"``, is inserted for a chain that ends with a ``"user"``:
the oldest Zoom user group, ``phone_items`` kind ``user_group`` of the account, whose
``details.user_ids`` holds the user; see ``with_user_group``)

where the defaults are the documented example of the operation's response (so a fresh entity
answers every documented field) unless a provider passes its own. Objects merge key by key;
lists and scalars replace. A sub-setting (a top-level object) that a level sets with
``"locked": true`` cannot be overridden below it and reads back with ``locked_by`` naming that
level ("account", "site", ...). A PATCH with ``{"<key>": {"reset": true}}`` drops the
entity's override of that key (the documents: "Reset cannot be combined with other
operations").
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ..http.errors import ApiError
from ..spec import Operation
from ..store import schema as t
from ..store.util import stamps, utcnow

DOC = t.phone_documents


def merge(base: Any, over: Any) -> Any:
    """Deep merge: objects key by key, anything else replaced by ``over``."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(over)


def example_of(op: Operation, status: int | None = None) -> dict[str, Any]:
    """The documented example body of ``op``'s success response ({} when none)."""
    resp = op.raw.get("responses", {}).get(str(status or op.success_status), {})
    for media in (resp.get("content") or {}).values():
        ex = media.get("example")
        if isinstance(ex, dict):
            return copy.deepcopy(ex)
    return {}


def load(conn: Connection, owner_id: str, section: str) -> dict[str, Any]:
    row = conn.execute(select(DOC.c.data).where(DOC.c.owner_id == owner_id, DOC.c.section == section)).first()
    return dict(row.data) if row is not None and isinstance(row.data, dict) else {}


def load_many(conn: Connection, owner_ids: Iterable[str], section: str) -> dict[str, dict[str, Any]]:
    ids = [o for o in owner_ids if o]
    if not ids:
        return {}
    rows = conn.execute(select(DOC.c.owner_id, DOC.c.data).where(DOC.c.owner_id.in_(ids), DOC.c.section == section))
    return {r.owner_id: r.data for r in rows}


def store(conn: Connection, account_id: str, owner_id: str, section: str, data: dict[str, Any]) -> None:
    """Replace the stored override document (an empty one is deleted)."""
    if not data:
        conn.execute(delete(DOC).where(DOC.c.owner_id == owner_id, DOC.c.section == section))
        return
    n = conn.execute(
        update(DOC).where(DOC.c.owner_id == owner_id, DOC.c.section == section).values(data=data, updated_at=utcnow())
    ).rowcount
    if n == 0:
        conn.execute(insert(DOC).values(account_id=account_id, owner_id=owner_id, section=section, data=data,
                                        **stamps()))


def patch(conn: Connection, account_id: str, owner_id: str, section: str, changes: dict[str, Any],
          *, allow_reset: bool = True) -> dict[str, Any]:
    """Merge ``changes`` into the owner's override; ``{"key": {"reset": true}}`` removes the
    override of ``key`` (alone in its object, else 400 "Reset cannot be combined...")."""
    current = load(conn, owner_id, section)
    for key, value in changes.items():
        if allow_reset and isinstance(value, dict) and value.get("reset") is True:
            if len(value) > 1:
                raise ApiError(400, 400, "Reset cannot be combined with other operations.")
            current.pop(key, None)
            continue
        current[key] = merge(current.get(key), value) if key in current else copy.deepcopy(value)
    store(conn, account_id, owner_id, section, current)
    return current


USER_GROUP = "user_group"  # phone_items kind of a Zoom user group (owner = the account)


def user_group_of(conn: Connection, account_id: str, user_id: str) -> str | None:
    """The id of the user's (main) user group: the oldest group of the account holding the user."""
    it = t.phone_items
    rows = conn.execute(select(it.c.id, it.c.details).where(it.c.owner_id == account_id, it.c.kind == USER_GROUP)
                        .order_by(it.c.pk))
    for r in rows:
        if user_id in ((r.details or {}).get("user_ids") or []):
            return r.id
    return None


def with_user_group(conn: Connection, chain: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """``chain`` with the user-group level after the account, when it ends with a user that is a
    member of a user group (policy documents only; other chains are returned as they are)."""
    if len(chain) < 2 or chain[-1][0] != "user" or chain[0][0] != "account" or not chain[0][1] or not chain[-1][1]:
        return chain
    if any(level == USER_GROUP for level, _ in chain):
        return chain
    gid = user_group_of(conn, chain[0][1], chain[-1][1])
    if gid is None:
        return chain
    return [chain[0], (USER_GROUP, gid), *chain[1:]]


def resolve(conn: Connection, chain: list[tuple[str, str | None]], section: str,
            defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """The effective document for the last owner of ``chain`` ([(level, owner_id)], most general
    first, e.g. [("account", acct), ("site", site), ("user", uid)]). See the module doc for how
    levels and locks combine."""
    if section == "policy":
        chain = with_user_group(conn, chain)
    docs = load_many(conn, [o for _, o in chain if o], section)
    out = copy.deepcopy(defaults or {})
    locked: set[str] = set()
    for level, owner in chain:
        over = docs.get(owner or "", {})
        for key, value in over.items():
            if key in locked:
                continue
            out[key] = merge(out.get(key), value) if key in out else copy.deepcopy(value)
            if isinstance(value, dict) and value.get("locked") is True and level != chain[-1][0]:
                locked.add(key)
                out[key]["locked_by"] = level
    return out


def locked_keys(conn: Connection, chain: list[tuple[str, str | None]], section: str) -> dict[str, str]:
    """{key: level} of the sub-settings that a level above the last one has locked."""
    if section == "policy":
        chain = with_user_group(conn, chain)
    docs = load_many(conn, [o for _, o in chain[:-1] if o], section)
    out: dict[str, str] = {}
    for level, owner in chain[:-1]:
        for key, value in docs.get(owner or "", {}).items():
            if isinstance(value, dict) and value.get("locked") is True:
                out.setdefault(key, level)
    return out


def drop_owner(conn: Connection, owner_id: str) -> None:
    conn.execute(delete(DOC).where(DOC.c.owner_id == owner_id))
