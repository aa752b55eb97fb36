"""Phone roles, their members and targets; user groups' policies and settings; account policies.

Storage (no table of its own; see docs/phone/roles-policies-alerts.md):

* a role is a ``phone_items`` row of kind ``phone_role`` owned by the account (``details``:
  ``name``, ``description``, ``is_default``, ``role_type``, ``privileges``); Zoom's default
  roles are created the first time an account's roles are used (default roles cannot be
  deleted, so an account without any role has never had them);
* a member is a ``phone_items`` row of kind ``phone_role_member`` owned by the role
  (``details.user_id``); a member whose user was deleted since is not shown nor counted;
* a target is a ``phone_items`` row of kind ``phone_role_target`` (``details``: ``target_type``,
  ``target_id``) owned by the role (the role's default targets) or by the member row (that
  member's targets); a target whose site, extension or group was deleted is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from ...http.app import end_snapshot
from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import derived_id, new_id, stamps, utcnow
from .. import common as c
from . import policies  # noqa: F401  (registers the policy and group providers)

EXT = t.extensions
IT = t.phone_items
ROLE = "phone_role"
MEMBER = "phone_role_member"
TARGET = "phone_role_target"
USER_GROUP = policies.USER_GROUP
MAX_USERS_PER_REQUEST = 100
MAX_TARGET_IDS_PER_REQUEST = 100

# The target types each kind of role administers (the documents' list under target_type).
ROLE_TARGET_TYPES: dict[str, tuple[str, ...]] = {
    "super_admin": (),
    "site_admin": ("site",),
    "callQueue_admin": ("callQueue",),
    "autoReceptionist_admin": ("autoReceptionist",),
    "sharedLineGroup_admin": ("sharedLineGroup",),
    "commonArea_admin": ("site",),
    "recording_admin": ("site", "callQueue", "autoReceptionist", "user", "group"),
    "compliance_admin": ("site", "callQueue", "user", "group", "sharedLineGroup", "commonArea"),
}
EXTENSION_TARGETS = {"callQueue": c.CALL_QUEUE, "autoReceptionist": c.AUTO_RECEPTIONIST, "user": c.USER,
                     "sharedLineGroup": c.SHARED_LINE_GROUP, "commonArea": c.COMMON_AREA}

# Zoom's default phone roles: name, role type, description, privileges.
DEFAULT_ROLES: list[tuple[str, str, str, list[str]]] = [
    ("Phone Super Admin", "super_admin",
     "Admin has full privileges to access and manage the Zoom Phone (default).",
     ["phone:all:view", "phone:all:edit"]),
    ("Site Admin", "site_admin",
     "Admin can view and manage the users, numbers and settings of the sites assigned to them (default).",
     ["phone:site:view", "phone:site:edit", "phone:user:edit", "phone:number:edit"]),
    ("Call Queue Admin", "callQueue_admin",
     "Admin can view and manage the call queues assigned to them (default).",
     ["phone:call_queue:view", "phone:call_queue:edit"]),
    ("Auto Receptionist Admin", "autoReceptionist_admin",
     "Admin can view and manage the auto receptionists assigned to them (default).",
     ["phone:auto_receptionist:view", "phone:auto_receptionist:edit"]),
    ("Shared Line Group Admin", "sharedLineGroup_admin",
     "Admin can view and manage the shared line groups assigned to them (default).",
     ["phone:shared_line_group:view", "phone:shared_line_group:edit"]),
    ("Common Area Admin", "commonArea_admin",
     "Admin can view and manage the common areas of the sites assigned to them (default).",
     ["phone:common_area:view", "phone:common_area:edit"]),
    ("Recording Admin", "recording_admin",
     "Admin can view, download and delete the call recordings of their targets (default).",
     ["phone:recording:view", "phone:recording:edit"]),
    ("Compliance Admin", "compliance_admin",
     "Admin can view the call logs, recordings and voicemails of their targets for compliance (default).",
     ["phone:call_log:view", "phone:recording:view", "phone:voicemail:view"]),
]


# --- rows ----------------------------------------------------------------------------------------


def ensure_default_roles(ctx: Context) -> None:
    """Create Zoom's default roles in an account that has no role yet. Their ids derive from the
    account and the role's name, so concurrent first requests (in any worker) insert the same
    rows and the unique id keeps one of each. A GET, whose connection only reads, creates them in
    a transaction of its own, then ends its read snapshot to see them."""
    conn = ctx.conn
    if conn.execute(select(IT.c.pk).where(IT.c.owner_id == ctx.account_id, IT.c.kind == ROLE).limit(1)).first():
        return
    now = stamps()
    rows = [
        {"id": derived_id(ctx.account_id, "default phone role", name), "account_id": ctx.account_id,
         "owner_id": ctx.account_id, "kind": ROLE, **now,
         "details": {"name": name, "description": desc, "is_default": True, "role_type": rtype,
                     "privileges": privileges}}
        for name, rtype, desc, privileges in DEFAULT_ROLES
    ]
    if ctx.op.method != "GET":
        _insert_new(conn, rows)
        return
    with ctx.server.engine.begin() as writer:
        _insert_new(writer, rows)
    end_snapshot(conn)


def _insert_new(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT (id) DO NOTHING, in the connection's dialect."""
    dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    conn.execute(dialect_insert(IT).on_conflict_do_nothing(index_elements=[IT.c.id]), rows)


def _roles(ctx: Context) -> list[Any]:
    ensure_default_roles(ctx)
    return c.items_of(ctx.conn, ctx.account_id, ROLE)


def _role_missing(ctx: Context, role_id: str) -> ApiError:
    message = f"Phone role does not exist for role Id: {role_id}."
    doc = ctx.op.error(404)
    if doc is not None:
        if doc.message == "Not Found.":  # the contract's generic platform 404: say which role
            return ApiError(404, 404, message)
        return c.not_found(ctx, 404, message, roleId=role_id)
    if ctx.op.error(300) is not None:
        return ApiError(400, 300, message)
    return ApiError(404, 404, message)


def _role(ctx: Context, role_id: str | None = None):  # noqa: ANN202
    rid = role_id if role_id is not None else ctx.path["roleId"]
    ensure_default_roles(ctx)
    row = c.get_item(ctx.conn, ctx.account_id, ROLE, rid) if isinstance(rid, str) else None
    if row is None:
        raise _role_missing(ctx, str(rid))
    return row


def _live_members(conn: Connection, account_id: str, role_ids: Iterable[str] | None = None) -> list[tuple[Any, Any]]:
    """(member item, user row) of the roles (all the account's when None), users that still exist,
    in the order they were added."""
    q = select(IT).where(IT.c.account_id == account_id, IT.c.kind == MEMBER)
    if role_ids is not None:
        q = q.where(IT.c.owner_id.in_(list(role_ids)))
    items = conn.execute(q.order_by(IT.c.pk)).all()
    ids = {(i.details or {}).get("user_id") for i in items} - {None}
    users = {}
    if ids:
        users = {r.id: r for r in conn.execute(
            select(EXT).where(EXT.c.account_id == account_id, EXT.c.type == c.USER, EXT.c.id.in_(ids)))}
    return [(i, users[i.details["user_id"]]) for i in items if (i.details or {}).get("user_id") in users]


def _role_view(row, total: int) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    return {"id": row.id, "name": d.get("name", ""), "description": d.get("description", ""),
            "total_members": total, "is_default": bool(d.get("is_default"))}


def _users(ctx: Context, keys: list[str]) -> list[Any]:
    """The account's users named by id or email; unknown ones answer the documented 400."""
    found = ctx.conn.execute(select(EXT).where(
        EXT.c.account_id == ctx.account_id, EXT.c.type == c.USER,
        or_(EXT.c.id.in_(keys), EXT.c.email.in_([k for k in keys if "@" in k])),
    )).all()
    by_key = {}
    for r in found:
        by_key[r.id] = r
        if r.email:
            by_key[r.email.lower()] = r
    out, seen = [], set()
    bad_emails = [k for k in keys if "@" in k and k.lower() not in by_key]
    bad_ids = [k for k in keys if "@" not in k and k not in by_key]
    if bad_emails or bad_ids:
        raise _invalid_users(ctx, bad_emails, bad_ids)
    for k in keys:
        r = by_key[k.lower() if "@" in k else k]
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def _invalid_users(ctx: Context, emails: list[str], ids: list[str]) -> ApiError:
    """"There are invalid emails:{0} There are invalid user ids:{0}" with the parts that apply."""
    parts = []
    if emails:
        parts.append(f"There are invalid emails:{','.join(emails)}")
    if ids:
        parts.append(f"There are invalid user ids:{','.join(ids)}")
    return ApiError(400, 400, " ".join(parts))


def _user_keys(raw: Any, field: str = "user_ids") -> list[str]:
    if isinstance(raw, str):
        raw = [s for s in raw.split(",")]
    if not isinstance(raw, list) or not raw:
        raise c.invalid(field, "At least one user ID or email is required.")
    keys = [str(k).strip() for k in raw if isinstance(k, str) and str(k).strip()]
    if len(keys) != len(raw):
        raise c.invalid(field, "Give user IDs or email addresses.")
    if len(keys) > MAX_USERS_PER_REQUEST:
        raise c.invalid(field, f"At most {MAX_USERS_PER_REQUEST} users per request.")
    return keys


def _delete_members(conn: Connection, member_items: list[Any]) -> None:
    ids = [m.id for m in member_items]
    if ids:
        conn.execute(delete(IT).where(IT.c.owner_id.in_(ids), IT.c.kind == TARGET))
        conn.execute(delete(IT).where(IT.c.id.in_(ids)))


# --- roles ---------------------------------------------------------------------------------------


@provider("GET /phone/roles")
def list_roles(ctx: Context) -> dict[str, Any]:
    roles = _roles(ctx)
    counts: dict[str, int] = {}
    for item, _user in _live_members(ctx.conn, ctx.account_id):
        counts[item.owner_id] = counts.get(item.owner_id, 0) + 1
    return {"roles": [_role_view(r, counts.get(r.id, 0)) for r in roles]}


@provider("GET /phone/roles/{roleId}")
def get_role(ctx: Context) -> dict[str, Any]:
    row = _role(ctx)
    return _role_view(row, len(_live_members(ctx.conn, ctx.account_id, [row.id])))


def _check_name(ctx: Context, name: Any, *, exclude: str | None = None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise c.invalid("name", "The role name is required.")
    name = name.strip()
    if len(name) > 128:
        raise c.invalid("name", "The role name can be up to 128 characters.")
    for r in c.items_of(ctx.conn, ctx.account_id, ROLE):
        if r.id != exclude and str((r.details or {}).get("name", "")).lower() == name.lower():
            raise ApiError(400, 300, f"Role name already exists: {name}.")
    return name


def _check_description(value: Any) -> str:
    if not isinstance(value, str):
        raise c.invalid("description", "The description must be a string.")
    if len(value) > 255:
        raise c.invalid("description", "The description can be up to 255 characters.")
    return value


@provider("POST /phone/roles")
def duplicate_role(ctx: Context) -> Response:
    data = c.body(ctx)
    source = _role(ctx, data.get("role_id"))
    sd = source.details or {}
    taken = {str((r.details or {}).get("name", "")).lower() for r in c.items_of(ctx.conn, ctx.account_id, ROLE)}
    if data.get("name") is not None:
        name = _check_name(ctx, data["name"])
    else:
        base = f"{sd.get('name', 'Role')} (Copy)"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base[:-1]} {n})"
    description = _check_description(data["description"]) if data.get("description") is not None \
        else sd.get("description", "")
    details = {"name": name, "description": description, "is_default": False,
               "role_type": sd.get("role_type", "super_admin"), "privileges": list(sd.get("privileges") or []),
               "duplicated_from": source.id}
    rid = c.add_item(ctx, ctx.account_id, ROLE, details)
    # the source's default targets come along (its members do not)
    targets = c.items_of(ctx.conn, source.id, TARGET)
    if targets:
        now = stamps()
        ctx.conn.execute(insert(IT), [{"id": new_id(), "account_id": ctx.account_id, "owner_id": rid, "kind": TARGET,
                                       "details": dict(x.details or {}), **now} for x in targets])
    return Response(201, {"id": rid, "name": name})


@provider("PATCH /phone/roles/{roleId}")
def update_role(ctx: Context) -> None:
    row = _role(ctx)
    data = c.body(ctx)
    d = dict(row.details or {})
    changes: dict[str, Any] = {}
    if "name" in data:
        changes["name"] = _check_name(ctx, data["name"], exclude=row.id)
    if "description" in data:
        changes["description"] = _check_description(data["description"])
    if not changes:
        return None
    if d.get("is_default") and any(d.get(k) != v for k, v in changes.items()):
        raise ApiError(400, 300, "Default roles cannot be modified.")
    c.update_item(ctx.conn, row.id, {**d, **changes})
    return None


@provider("DELETE /phone/roles/{roleId}")
def delete_role(ctx: Context) -> None:
    row = _role(ctx)
    if (row.details or {}).get("is_default"):
        raise ApiError(400, 300, "Default roles cannot be deleted.")
    if _live_members(ctx.conn, ctx.account_id, [row.id]):
        raise ApiError(400, 300, "The role has members. Remove its members before deleting the role.")
    _delete_members(ctx.conn, c.items_of(ctx.conn, row.id, MEMBER))  # members whose user was deleted
    c.purge_owner(ctx.conn, row.id)
    ctx.conn.execute(delete(IT).where(IT.c.id == row.id))
    return None


# --- members -------------------------------------------------------------------------------------


def _member_view(user, sites: dict[str, dict[str, str]]) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"user_id": user.id, "display_name": user.name, "email": user.email or ""}
    if user.extension_number is not None:
        out["extension_number"] = int(user.extension_number)
    if user.site_id in sites:
        out["site"] = sites[user.site_id]
    return out


@provider("GET /phone/roles/{roleId}/members")
def list_members(ctx: Context) -> dict[str, Any]:
    row = _role(ctx)
    members = [u for _i, u in _live_members(ctx.conn, ctx.account_id, [row.id])]
    if ctx.query.get("in_role") is False:  # "members (not) in the role" (not in the contract yet)
        inside = {u.id for u in members}
        members = [u for u in ctx.conn.execute(
            select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == c.USER).order_by(EXT.c.pk))
            if u.id not in inside]
    sites = c.site_refs(ctx.conn, [u.site_id for u in members])
    return {"members": [_member_view(u, sites) for u in members]}


@provider("POST /phone/roles/{roleId}/members")
def add_members(ctx: Context) -> Response:
    role = _role(ctx)
    data = c.body(ctx)
    roles = {r.id: r for r in _roles(ctx)}
    current = {u.id: (i, roles.get(i.owner_id)) for i, u in _live_members(ctx.conn, ctx.account_id, roles)}
    source_id = data.get("role_id")
    if source_id:
        # change the role of members of role_id: they move to this role (with their targets
        # when copy_targets)
        source = _role(ctx, source_id)
        if source.id == role.id:
            raise c.invalid("role_id", "The source role is the role itself.")
        in_source = [(i, u) for i, u in _live_members(ctx.conn, ctx.account_id, [source.id])]
        if data.get("copy_all_members"):
            moving = in_source
        else:
            users = _users(ctx, _user_keys(data.get("user_ids")))
            by_user = {u.id: (i, u) for i, u in in_source}
            outside = [u.email or u.id for u in users if u.id not in by_user]
            if outside:
                raise ApiError(400, 300, f"Users are not members of the role {source_id}: {', '.join(outside)}.")
            moving = [by_user[u.id] for u in users]
        ids = [i.id for i, _u in moving]
        if ids:
            ctx.conn.execute(update(IT).where(IT.c.id.in_(ids)).values(owner_id=role.id, updated_at=utcnow()))
            if not data.get("copy_targets"):
                ctx.conn.execute(delete(IT).where(IT.c.owner_id.in_(ids), IT.c.kind == TARGET))
        return Response(201, None)
    users = _users(ctx, _user_keys(data.get("user_ids")))
    elsewhere = [(u, current[u.id][1]) for u in users if u.id in current and current[u.id][0].owner_id != role.id]
    if elsewhere:
        u, other = elsewhere[0]
        other_name = (other.details or {}).get("name", other.id) if other is not None else "another role"
        raise ApiError(400, 300, f"User {u.email or u.id} already has the phone role {other_name}; "
                                 "a user has one phone role.")
    new = [u for u in users if u.id not in current]
    if new:
        now = stamps()
        ctx.conn.execute(insert(IT), [{"id": new_id(), "account_id": ctx.account_id, "owner_id": role.id,
                                       "kind": MEMBER, "details": {"user_id": u.id}, **now} for u in new])
    return Response(201, None)


@provider("DELETE /phone/roles/{roleId}/members")
def delete_members(ctx: Context) -> None:
    role = _role(ctx)
    keys = _user_keys(ctx.query.get("user_ids") if ctx.query.get("user_ids") is not None
                      else c.body(ctx).get("user_ids"))
    members = _live_members(ctx.conn, ctx.account_id, [role.id])
    by_key: dict[str, Any] = {}
    for i, u in members:
        by_key[u.id] = i
        if u.email:
            by_key[u.email.lower()] = i
    bad_emails = [k for k in keys if "@" in k and k.lower() not in by_key]
    bad_ids = [k for k in keys if "@" not in k and k not in by_key]
    if bad_emails or bad_ids:
        raise _invalid_users(ctx, bad_emails, bad_ids)
    items = {by_key[k.lower() if "@" in k else k].id: by_key[k.lower() if "@" in k else k] for k in keys}
    _delete_members(ctx.conn, list(items.values()))
    return None


# --- targets -------------------------------------------------------------------------------------


def _target_owner(ctx: Context, role, is_default: Any, user_id: Any) -> str:  # noqa: ANN001
    """The owner of the targets a request manages: the role (default targets) or the member."""
    if is_default is True:
        return role.id
    if not isinstance(user_id, str) or not user_id:
        raise c.invalid("user_id", "user_id is required when is_default is false.")
    user = c.find_extension(ctx.conn, ctx.account_id, user_id, c.USER)
    if user is None:
        raise c.not_found(ctx, 1001, f"User does not exist for user id: {user_id}.", user_id=user_id)
    for item, u in _live_members(ctx.conn, ctx.account_id, [role.id]):
        if u.id == user.id:
            return item.id
    raise c.invalid("user_id", f"The user {user_id} is not a member of the role.")


def _existing_targets(conn: Connection, account_id: str, ttype: str, ids: list[str]) -> dict[str, Any]:
    """{id: row} of the targets of type ``ttype`` that exist in the account."""
    if not ids:
        return {}
    if ttype == "site":
        rows = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id, t.sites.c.id.in_(ids)))
        return {r.id: r for r in rows}
    if ttype == "group":
        rows = conn.execute(select(IT).where(IT.c.owner_id == account_id, IT.c.kind == USER_GROUP,
                                             IT.c.id.in_(ids)))
        return {r.id: r for r in rows}
    rows = conn.execute(select(EXT).where(EXT.c.account_id == account_id, EXT.c.type == EXTENSION_TARGETS[ttype],
                                          EXT.c.id.in_(ids)))
    return {r.id: r for r in rows}


def _targets_body(ctx: Context, role) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    targets = c.body(ctx).get("targets")
    if not isinstance(targets, list) or not targets:
        raise c.invalid("targets", "At least one target is required.")
    allowed = ROLE_TARGET_TYPES.get((role.details or {}).get("role_type", ""), ())
    out: list[tuple[str, list[str]]] = []
    total = 0
    for n, entry in enumerate(targets):
        ttype = entry.get("target_type") if isinstance(entry, dict) else None
        if ttype not in allowed:
            raise ApiError(400, 300, "Validation Failed.", [{"field": f"targets[{n}].target_type",
                                                            "message": "Invalid field."}])
        ids = entry.get("target_ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
            raise c.invalid(f"targets[{n}].target_ids", "At least one target ID is required.")
        total += len(ids)
        out.append((ttype, list(dict.fromkeys(ids))))
    if total > MAX_TARGET_IDS_PER_REQUEST:
        raise c.invalid("targets", f"At most {MAX_TARGET_IDS_PER_REQUEST} target IDs per request.")
    return out


@provider("POST /phone/roles/{roleId}/targets")
def add_targets(ctx: Context) -> Response:
    role = _role(ctx)
    data = c.body(ctx)
    is_default = data.get("is_default", False) is True
    requested = _targets_body(ctx, role)
    owner = _target_owner(ctx, role, is_default, data.get("user_id"))
    bad: list[str] = []
    for ttype, ids in requested:
        found = _existing_targets(ctx.conn, ctx.account_id, ttype, ids)
        bad += [i for i in ids if i not in found]
    if bad:
        doc = ctx.op.error(400)
        msg = (doc.message if doc else "There are invalid target ids: {target_ids}.").replace(
            "{target_ids}", ",".join(bad))
        raise ApiError(400, 400, msg)
    have = {((x.details or {}).get("target_type"), (x.details or {}).get("target_id"))
            for x in c.items_of(ctx.conn, owner, TARGET)}
    rows, now = [], stamps()
    for ttype, ids in requested:
        for i in ids:
            if (ttype, i) not in have:
                have.add((ttype, i))
                rows.append({"id": new_id(), "account_id": ctx.account_id, "owner_id": owner, "kind": TARGET,
                             "details": {"target_type": ttype, "target_id": i}, **now})
    if rows:
        ctx.conn.execute(insert(IT), rows)
    out: dict[str, Any] = {"is_default": is_default,
                           "targets": [{"target_type": tt, "target_ids": ids} for tt, ids in requested]}
    if not is_default:
        out["user_id"] = data["user_id"]
    return Response(201, out)


@provider("DELETE /phone/roles/{roleId}/targets")
def delete_targets(ctx: Context) -> None:
    role = _role(ctx)
    data = c.body(ctx)
    is_default = data.get("is_default", False) is True
    targets = data.get("targets")
    if not isinstance(targets, list) or not targets:
        raise c.invalid("targets", "At least one target is required.")
    owner = _target_owner(ctx, role, is_default, data.get("user_id"))
    have = c.items_of(ctx.conn, owner, TARGET)
    drop: list[str] = []
    for n, entry in enumerate(targets):
        ids = entry.get("target_ids") if isinstance(entry, dict) else None
        ttype = entry.get("target_type") if isinstance(entry, dict) else None
        if not isinstance(ids, list) or not ids:
            raise c.invalid(f"targets[{n}].target_ids", "At least one target ID is required.")
        for i in ids:
            match = [x for x in have if (x.details or {}).get("target_id") == i
                     and (ttype is None or (x.details or {}).get("target_type") == ttype)]
            if not match:
                raise c.invalid(f"targets[{n}].target_ids", f"{i} is not a target of the role.")
            drop += [x.id for x in match]
    c.delete_items(ctx.conn, owner, TARGET, drop)
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    return str(value).lower() in ("true", "1")


@provider("GET /phone/roles/{roleId}/targets")
def list_targets(ctx: Context) -> dict[str, Any]:
    role = _role(ctx)
    # is_default, user_id and target_type are not in the contract yet: honoured when given
    user_id = ctx.query.get("user_id")
    is_default = _bool(ctx.query.get("is_default"))
    if is_default is None:
        is_default = not user_id
    ttype = ctx.query.get("target_type")
    if ttype is not None and ttype not in ("site", *EXTENSION_TARGETS, "group"):
        raise ApiError(400, 300, "Validation Failed.", [{"field": "target_type", "message": "Invalid field."}])
    owner = _target_owner(ctx, role, is_default, user_id)
    items = [x for x in c.items_of(ctx.conn, owner, TARGET)
             if ttype is None or (x.details or {}).get("target_type") == ttype]
    by_type: dict[str, list[str]] = {}
    for x in items:
        by_type.setdefault(x.details["target_type"], []).append(x.details["target_id"])
    rows_of: dict[tuple[str, str], Any] = {}
    for tt, ids in by_type.items():
        for i, r in _existing_targets(ctx.conn, ctx.account_id, tt, ids).items():
            rows_of[(tt, i)] = r
    live = [x.pk for x in items if (x.details["target_type"], x.details["target_id"]) in rows_of]
    stmt = select(IT).where(IT.c.pk.in_(live or [-1]))
    rows, token, total, size = ctx.page(stmt, IT.c.pk, total=len(live))
    site_ids = [r.id if tt == "site" else getattr(r, "site_id", None) for (tt, _i), r in rows_of.items()]
    sites = c.site_refs(ctx.conn, site_ids)
    out = []
    for x in rows:
        tt, tid = x.details["target_type"], x.details["target_id"]
        r = rows_of[(tt, tid)]
        view: dict[str, Any] = {"target_id": tid, "target_type": tt}
        if tt == "site":
            view["target_name"] = r.name
            view["site_id"], view["site_name"] = r.id, r.name
        elif tt == "group":
            view["target_name"] = (r.details or {}).get("name", "")
        else:
            view["target_name"] = r.name
            if r.extension_number is not None:
                view["extension_number"] = int(r.extension_number)
            if r.site_id in sites:
                view["site_id"], view["site_name"] = r.site_id, sites[r.site_id]["name"]
        out.append(view)
    return {"next_page_token": token, "page_size": size, "total_records": total, "targets": out}
