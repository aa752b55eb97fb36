"""Account and user-group policies, and the settings of a user group.

The account level is the account's ``policy`` document (owner = the account id), the top of
the chain every family resolves (``documents.resolve(conn, [("account", acct), ...], "policy",
...)``): what PATCH /phone/policies/{policyType} writes is what GET /phone/account_settings,
and the users, sites, call queues... inherit (and cannot override while it is locked).

A user group is a ``phone_items`` row of kind ``user_group`` owned by the account
(``details``: ``name``, ``description``, ``user_ids``); its policy overrides are its own
``policy`` document, the ``user_group`` level of the chain (account -> user group -> site ->
user, see ``documents.with_user_group``).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import fastjsonschema

from ...http.context import Context
from ...http.errors import ApiError
from ...http.validation import compile_schema
from ...providers import provider
from ...spec import operations
from .. import common as c
from .. import documents as docs

POLICY = "policy"
USER_GROUP = docs.USER_GROUP
_META = ("locked", "locked_by", "modified", "reset")


# --- the policy types and their documented fields ------------------------------------------------


def _fields(schema: Any) -> dict[str, Any]:
    """The properties of an object schema, through allOf/oneOf/anyOf."""
    out: dict[str, Any] = {}
    if not isinstance(schema, dict):
        return out
    out.update(schema.get("properties") or {})
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key) or []:
            out.update(_fields(sub))
    return out


@cache
def policy_schemas() -> dict[str, dict[str, Any]]:
    """{policyType: {field: schema}}: the documented policy sub-settings (the one the policy
    operations document, allow_emergency_calls, and every object of the account's and a user
    group's settings)."""
    ops = operations()
    out: dict[str, dict[str, Any]] = {}
    sources = [
        _fields(ops["updateAccountPolicy"].body_schema),
        _fields(ops["listAccountsZoomPhoneSettings"].responses[200]),
        _fields(ops["getGroupPhoneSettings"].responses[200]),
    ]
    for props in sources:
        for key, schema in props.items():
            fields = _fields(schema)
            if fields:
                out.setdefault(key, {}).update({k: v for k, v in fields.items() if k not in _META})
    return out


@cache
def _validator(ptype: str):  # noqa: ANN202
    return compile_schema({"type": "object", "properties": policy_schemas()[ptype]})


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _META}
    return value


ACCOUNT_EXAMPLES = ("listAccountsZoomPhoneSettings", "getAccountPolicyDetails", "getGroupPhoneSettings")
GROUP_EXAMPLES = ("getGroupPhoneSettings", "getGroupPolicyDetails", "listAccountsZoomPhoneSettings")


@cache
def _defaults(op_ids: tuple[str, ...]) -> dict[str, Any]:
    """The documented examples made defaults (no lock flags), the first operation's first: the
    account settings' example for the account level, the group settings' for a group (their
    documented enums differ, e.g. play_beep_member)."""
    ops = operations()
    out: dict[str, Any] = {}
    for op_id in op_ids:
        for key, value in docs.example_of(ops[op_id]).items():
            if isinstance(value, dict):
                out.setdefault(key, _strip(value))
    return out


def defaults(op_ids: tuple[str, ...] = ACCOUNT_EXAMPLES) -> dict[str, Any]:
    return copy.deepcopy(_defaults(op_ids))


def policy_type(ctx: Context) -> str:
    ptype = ctx.path["policyType"]
    if ptype not in policy_schemas():
        raise ctx.error(400, message="Invalid value for parameter 'policyType'.")
    return ptype


def _message(ctx: Context, starts: str, fallback: str) -> str:
    doc = next((e for e in ctx.op.error_codes if e.message.startswith(starts)), None)
    return doc.message if doc is not None else fallback


def _change(ctx: Context, ptype: str, *, account: bool) -> dict[str, Any]:
    """The validated change of ``ptype`` from the request body."""
    change = c.body(ctx).get(ptype)
    if not isinstance(change, dict) or not change:
        raise c.invalid(ptype, f"The {ptype} object is required.")
    if "reset" in change:
        if "locked" in change:
            raise ApiError(400, 400, _message(ctx, "Lock and reset", "Lock and reset operations cannot be "
                                                                       "performed simultaneously."))
        if account:
            raise ApiError(400, 400, _message(ctx, "The 'reset'", "The 'reset' field is not allowed at the "
                                                                   "account level."))
        if change["reset"] is not True:
            raise c.invalid(f"{ptype}.reset", "Only true resets a policy.")
        if len(change) > 1:
            raise ApiError(400, 400, _message(ctx, "Reset cannot", "Reset cannot be combined with other operations."))
        return change
    if "locked" in change and not isinstance(change["locked"], bool):
        raise c.invalid(f"{ptype}.locked", "Must be a boolean.")
    fields = policy_schemas()[ptype]
    for name in change:
        if name != "locked" and name not in fields:
            raise c.invalid(f"{ptype}.{name}", f"Unknown field of the {ptype} policy.")
    try:
        _validator(ptype)({k: v for k, v in change.items() if k != "locked"})
    except fastjsonschema.JsonSchemaValueException as exc:
        raise c.invalid(f"{ptype}.{exc.name.removeprefix('data.')}", exc.message.replace("data.", "")) from None
    return change


# --- account policies ----------------------------------------------------------------------------


def _account_value(ctx: Context, ptype: str) -> dict[str, Any]:
    resolved = docs.resolve(ctx.conn, [("account", ctx.account_id)], POLICY, defaults())
    own = docs.load(ctx.conn, ctx.account_id, POLICY).get(ptype)
    value = dict(resolved.get(ptype) or {})
    for k in ("locked_by", "modified", "reset"):
        value.pop(k, None)
    locked = isinstance(own, dict) and own.get("locked") is True
    value["locked"] = locked
    if locked:
        value["locked_by"] = "account"
    return value


def _settings_changed(ctx: Context, event: str, key: str, owner: str, ptype: str,
                      old: dict[str, Any], new: dict[str, Any]) -> None:
    """Zoom's settings-updated event: ``object`` holds the changed fields of the policy,
    ``old_object`` their values before (nothing is sent when nothing changed)."""
    changed = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    if changed:
        ctx.emit(event, {
            "object": {key: owner, "settings": {ptype: {k: new[k] for k in changed if k in new}}},
            "old_object": {key: owner, "settings": {ptype: {k: old[k] for k in changed if k in old}}},
        })


@provider("GET /phone/policies/{policyType}")
def get_account_policy(ctx: Context) -> dict[str, Any]:
    ptype = policy_type(ctx)
    return {ptype: _account_value(ctx, ptype)}


@provider("PATCH /phone/policies/{policyType}")
def update_account_policy(ctx: Context) -> None:
    ptype = policy_type(ctx)
    change = _change(ctx, ptype, account=True)
    old = _account_value(ctx, ptype)
    docs.patch(ctx.conn, ctx.account_id, ctx.account_id, POLICY, {ptype: change}, allow_reset=False)
    _settings_changed(ctx, "phone.account_settings_updated", "id", ctx.account_id, ptype, old,
                      _account_value(ctx, ptype))
    return None


# --- user groups ---------------------------------------------------------------------------------


def group_row(ctx: Context):  # noqa: ANN201
    gid = ctx.path["groupId"]
    row = c.get_item(ctx.conn, ctx.account_id, USER_GROUP, gid)
    if row is None or row.account_id != ctx.account_id:
        raise c.not_found(ctx, 2040, f"User group does not exist: {gid}.", groupId=gid)
    return row


def _group_chain(ctx: Context, gid: str) -> list[tuple[str, str | None]]:
    return [("account", ctx.account_id), (USER_GROUP, gid)]


def _annotate(key: str, value: Any, locked_above: dict[str, str], own: dict[str, Any],
              enum: list[str] | None) -> Any:
    """A group-level value with ``locked``, ``locked_by`` and ``modified``."""
    if not isinstance(value, dict):
        return value
    out = {k: v for k, v in value.items() if k not in ("locked_by", "modified", "reset")}
    mine = own.get(key) if isinstance(own.get(key), dict) else None
    if key in locked_above:
        out["locked"], by = True, locked_above[key]
    elif mine is not None and mine.get("locked") is True:
        out["locked"], by = True, USER_GROUP
    else:
        out["locked"], by = False, None
    if by is not None and (enum is None or by in enum):
        out["locked_by"] = by
    out["modified"] = mine is not None and key not in locked_above
    return out


def _group_value(ctx: Context, gid: str, ptype: str) -> dict[str, Any]:
    chain = _group_chain(ctx, gid)
    resolved = docs.resolve(ctx.conn, chain, POLICY, defaults(GROUP_EXAMPLES))
    locked = docs.locked_keys(ctx.conn, chain, POLICY)
    own = docs.load(ctx.conn, gid, POLICY)
    return _annotate(ptype, resolved.get(ptype) or {}, locked, own, None)


@provider("GET /phone/groups/{groupId}/policies/{policyType}")
def get_group_policy(ctx: Context) -> dict[str, Any]:
    group = group_row(ctx)
    ptype = policy_type(ctx)
    return {ptype: _group_value(ctx, group.id, ptype)}


@provider("PATCH /phone/groups/{groupId}/policies/{policyType}")
def update_group_policy(ctx: Context) -> None:
    group = group_row(ctx)
    ptype = policy_type(ctx)
    change = _change(ctx, ptype, account=False)
    if change.get("reset") is not True:
        locked = docs.locked_keys(ctx.conn, _group_chain(ctx, group.id), POLICY)
        if ptype in locked:
            raise ApiError(400, 300, f"The policy {ptype} is locked by the {locked[ptype]} and cannot be changed.")
    old = _group_value(ctx, group.id, ptype)
    docs.patch(ctx.conn, ctx.account_id, group.id, POLICY, {ptype: change})
    _settings_changed(ctx, "phone.group_settings_updated", "group_id", group.id, ptype, old,
                      _group_value(ctx, group.id, ptype))
    return None


@provider("GET /phone/groups/{groupId}/settings")
def get_group_settings(ctx: Context) -> dict[str, Any]:
    group = group_row(ctx)
    props = ctx.op.responses[200].get("properties") or {}
    wanted: list[str] | None = None
    raw = ctx.query.get("setting_types")  # not in the contract yet: honoured when given
    if raw:
        wanted = [s.strip() for s in str(raw).split(",") if s.strip()]
        bad = [s for s in wanted if s not in props]
        if not wanted or bad:
            doc = ctx.op.error(400)
            msg = (doc.message if doc else "Setting type(s) `{settingTypes}` supplied in query parameter "
                   "setting_types is invalid").replace("{settingTypes}", ",".join(bad or [str(raw)]))
            raise ApiError(400, 400, msg)
    chain = _group_chain(ctx, group.id)
    resolved = docs.resolve(ctx.conn, chain, POLICY, defaults(GROUP_EXAMPLES))
    locked = docs.locked_keys(ctx.conn, chain, POLICY)
    own = docs.load(ctx.conn, group.id, POLICY)
    out: dict[str, Any] = {}
    for key, schema in props.items():
        if key not in resolved or (wanted is not None and key not in wanted):
            continue
        enum = (_fields(schema).get("locked_by") or {}).get("enum")
        out[key] = _annotate(key, resolved[key], locked, own, enum)
    return out
