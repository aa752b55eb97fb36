"""Account-level inbound block rules and the statistics of the extension-level rules.

- Account rules: ``phone_items`` of kind ``inbound_block_rule`` owned by the account id (the
  extension-level rules are the same kind owned by an extension; their validation is
  ``phone.extensions.provider.block_rule_details``). ``details`` {match_type, type,
  blocked_number, country?, phone_number?, status, comment}.
- Statistics are computed from the extension-level rules of the account's existing extensions:
  one statistic per blocked number (match type, country, number), ``block_count`` /
  ``threat_count`` = how many extensions block it for other reasons / as a threat. Its id is
  derived from the number (stable while the number is blocked). Deleting a statistic marks
  the rules it counted as no longer counted (``details.statistic_dismissed``: the extensions
  keep their rules); "blocked for all" turns the extension rules of the number into one
  account rule.
- 13600: the account's ``block_list_for_inbound_calls_and_messaging`` policy is off; 13605:
  ``block_as_threat`` while the account's ``block_calls_as_threat`` policy is off.
- 13602/13603: an account rule whose number more extensions block (as threat) than the
  policy's ``automatic_blocking_threshold`` / ``automatic_threat_blocking_threshold`` (when
  the account set one) cannot be changed or deleted.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from .. import documents as docs
from ..extensions.provider import BLOCK_KIND, block_rule_details, same_block_rule
from ..sites.outbound_calling import page_list

BLOCK_POLICY = "block_list_for_inbound_calls_and_messaging"
THREAT_POLICY = "block_calls_as_threat"
OTHER, THREAT = "block_for_other_reasons", "block_as_threat"
DISMISSED = "statistic_dismissed"


def _policy(ctx: Context) -> dict[str, Any]:
    return docs.resolve(ctx.conn, [("account", ctx.account_id)], "policy", {})


def _setting(policy: dict[str, Any], key: str) -> dict[str, Any]:
    value = policy.get(key)
    return value if isinstance(value, dict) else {}


def _require_block_list(ctx: Context, policy: dict[str, Any] | None = None) -> dict[str, Any]:
    policy = _policy(ctx) if policy is None else policy
    if _setting(policy, BLOCK_POLICY).get("enable") is False:
        raise ctx.error(13600)
    return policy


def _ids_param(ctx: Context, name: str) -> list[str]:
    """A parameter the contract does not declare yet: from the query when declared, else from
    a JSON body; a string may hold several ids separated by commas."""
    value = ctx.query.get(name)
    if value in (None, "", []) and isinstance(ctx.body, dict):
        value = ctx.body.get(name)
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not any(value):
        raise c.invalid(name, f"{name} is required.")
    return [v for v in value if v]


# --- account rules --------------------------------------------------------------------------------


def rule_view(row) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id, "match_type": d.get("match_type"), "type": d.get("type"),
                           "blocked_number": d.get("blocked_number"), "status": d.get("status", "active")}
    for key in ("country", "phone_number", "comment"):
        if d.get(key):
            out[key] = d[key]
    return out


@provider("GET /phone/inbound_blocked/rules")
def list_rules(ctx: Context) -> dict[str, Any]:
    _require_block_list(ctx)
    it = t.phone_items
    stmt = select(it).where(it.c.account_id == ctx.account_id, it.c.owner_id == ctx.account_id,
                            it.c.kind == BLOCK_KIND)
    rows, token, _total, size = ctx.page(stmt, it.c.pk)
    return {"account_blocked_rules": [rule_view(r) for r in rows], "next_page_token": token, "page_size": size}


def _rule_details(ctx: Context, data: dict[str, Any], policy: dict[str, Any],
                  current: dict[str, Any] | None = None, rule_id: str | None = None) -> dict[str, Any]:
    details = block_rule_details(ctx, data, extension_level=False)
    if details["type"] == THREAT and _setting(policy, THREAT_POLICY).get("enable") is False:
        raise ctx.error(13605)
    status = data.get("status") or (current or {}).get("status") or "active"
    comment = data.get("comment") if data.get("comment") is not None else (current or {}).get("comment", "")
    if not isinstance(comment, str) or len(comment) > 255:
        raise c.invalid("comment", "The comment can be up to 255 characters.")
    details.update(status=status, comment=comment)
    for item in c.items_of(ctx.conn, ctx.account_id, BLOCK_KIND):
        if item.id != rule_id and same_block_rule(item.details or {}, details):
            raise ctx.error(13601, message=f"Blocked phone number already exists:{details['blocked_number']}.")
    return details


@provider("POST /phone/inbound_blocked/rules")
def add_rule(ctx: Context) -> dict[str, Any]:
    policy = _require_block_list(ctx)
    details = _rule_details(ctx, c.body(ctx), policy)
    return {"id": c.add_item(ctx, ctx.account_id, BLOCK_KIND, details)}


def _rule_missing(rule_id: str) -> ApiError:
    return ApiError(404, 404, f"Blocked rule does not exist: {rule_id}.")


def _check_threshold(ctx: Context, policy: dict[str, Any], details: dict[str, Any]) -> None:
    """13602/13603: the number is blocked by more extensions than the account's threshold."""
    setting = _setting(policy, BLOCK_POLICY)
    limits = ((OTHER, "automatic_blocking_threshold", 13602), (THREAT, "automatic_threat_blocking_threshold", 13603))
    stat = next((s for s in statistics(ctx) if same_block_rule(s["_details"], details)), None)
    if stat is None:
        return
    for kind, key, code in limits:
        limit = setting.get(key)
        count = stat["block_count"] if kind == OTHER else stat["threat_count"]
        if isinstance(limit, int) and not isinstance(limit, bool) and count > limit:
            raise ctx.error(code)


@provider("PATCH /phone/inbound_blocked/rules/{blockedRuleId}")
def update_rule(ctx: Context) -> None:
    policy = _require_block_list(ctx)
    rid = ctx.path["blockedRuleId"]
    row = c.get_item(ctx.conn, ctx.account_id, BLOCK_KIND, rid)
    if row is None:
        raise _rule_missing(rid)
    current = dict(row.details or {})
    details = _rule_details(ctx, c.body(ctx), policy, current, row.id)
    if not same_block_rule(current, details) or current.get("type") != details["type"]:
        _check_threshold(ctx, policy, current)
    c.update_item(ctx.conn, row.id, details)


@provider("DELETE /phone/inbound_blocked/rules")
def delete_rules(ctx: Context) -> None:
    policy = _require_block_list(ctx)
    ids = _ids_param(ctx, "blocked_rule_id")
    rows = []
    for rid in ids:
        row = c.get_item(ctx.conn, ctx.account_id, BLOCK_KIND, rid)
        if row is None:
            raise _rule_missing(rid)
        _check_threshold(ctx, policy, row.details or {})
        rows.append(row.id)
    c.delete_items(ctx.conn, ctx.account_id, BLOCK_KIND, rows)


# --- statistics of the extension-level rules ------------------------------------------------------


def _stat_id(account_id: str, details: dict[str, Any]) -> str:
    key = "|".join([account_id, str(details.get("match_type")), str(details.get("country") or ""),
                    str(details.get("blocked_number"))])
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()[:16]).decode().rstrip("=")


def statistics(ctx: Context) -> list[dict[str, Any]]:
    """One entry per number blocked by extension-level rules of existing extensions (rules
    whose statistic was deleted are not counted), in the order the numbers were first blocked."""
    it, ext = t.phone_items, t.extensions
    rows = ctx.conn.execute(
        select(it.c.id, it.c.owner_id, it.c.details).join(ext, ext.c.id == it.c.owner_id)
        .where(it.c.account_id == ctx.account_id, it.c.kind == BLOCK_KIND, ext.c.account_id == ctx.account_id)
        .order_by(it.c.pk)
    ).all()
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = r.details or {}
        if d.get(DISMISSED):
            continue
        sid = _stat_id(ctx.account_id, d)
        stat = out.get(sid)
        if stat is None:
            stat = out[sid] = {"id": sid, "match_type": d.get("match_type"), "blocked_number": d.get("blocked_number"),
                               "_details": d, "_rules": [], "_other": set(), "_threat": set()}
            for key in ("country", "phone_number"):
                if d.get(key):
                    stat[key] = d[key]
        stat["_rules"].append(r.id)
        stat["_threat" if d.get("type") == THREAT else "_other"].add(r.owner_id)
    for stat in out.values():
        stat["block_count"] = len(stat["_other"])
        stat["threat_count"] = len(stat["_threat"])
        stat["type"] = THREAT if stat["threat_count"] > stat["block_count"] else OTHER
    return list(out.values())


def _public(stat: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stat.items() if not k.startswith("_")}


@provider("GET /phone/inbound_blocked/extension_rules/statistics")
def list_statistics(ctx: Context) -> dict[str, Any]:
    _require_block_list(ctx)
    rows, token, _total, size = page_list(ctx, statistics(ctx))
    return {"blocked_statistic": [_public(s) for s in rows], "next_page_token": token, "page_size": size}


def _statistic(ctx: Context, sid: str) -> dict[str, Any]:
    for stat in statistics(ctx):
        if stat["id"] == sid:
            return stat
    raise c.not_found(ctx, 404, "Blocked statistic does not exist: {blocked_statistic_id}.",
                      blocked_statistic_id=sid)


@provider("DELETE /phone/inbound_blocked/extension_rules/statistics")
def delete_statistics(ctx: Context) -> None:
    _require_block_list(ctx)
    stats = [_statistic(ctx, sid) for sid in _ids_param(ctx, "blocked_statistic_id")]
    it = t.phone_items
    for stat in stats:
        for row in ctx.conn.execute(select(it.c.id, it.c.details).where(it.c.id.in_(stat["_rules"]))):
            c.update_item(ctx.conn, row.id, {**(row.details or {}), DISMISSED: True})


@provider("PATCH /phone/inbound_blocked/extension_rules/statistics/blocked_for_all")
def block_for_all(ctx: Context) -> None:
    policy = _require_block_list(ctx)
    sid = c.body(ctx).get("blocked_statistic_id")
    stat = _statistic(ctx, str(sid))
    details = {k: v for k, v in stat["_details"].items() if k in ("match_type", "blocked_number", "country",
                                                                   "phone_number")}
    kind = stat["type"]
    if kind == THREAT and _setting(policy, THREAT_POLICY).get("enable") is False:
        kind = OTHER
    existing = [r for r in c.items_of(ctx.conn, ctx.account_id, BLOCK_KIND) if same_block_rule(r.details or {}, details)]
    if not existing:
        c.add_item(ctx, ctx.account_id, BLOCK_KIND, {**details, "type": kind, "status": "active",
                                                      "comment": "Blocked for all extensions"})
    elif (existing[0].details or {}).get("status") != "active":
        c.update_item(ctx.conn, existing[0].id, {**(existing[0].details or {}), "status": "active"})
    ctx.conn.execute(t.phone_items.delete().where(t.phone_items.c.id.in_(stat["_rules"])))
