"""Outbound calling rules (countries/regions and exception rules), at any level.

One implementation, parameterised by an :class:`Owner`: the account, a site, a user or a
common area. The providers of the site, user and common-area operations are registered here;
the account-level operations (``/phone/outbound_calling/...``) can reuse :func:`account_owner`
with the same functions.

- Countries/regions: a ``phone_documents`` section ``"outbound_calling"`` per owner, shaped
  ``{"<ISO>": {"rule": 1..4}}``; a level inherits account -> site -> user/common area
  (``documents.resolve``). A country nobody set is ``rule`` 1 (Allowed), carrier ZOOM.
- Exception rules: ``phone_items`` of kind ``"outbound_exception_rule"`` owned by the owner,
  ``details`` {country, match_type, prefix_number, rule, status, comment}.
- 13504: the resolved ``outbound_calling`` policy of the owner (``policy`` documents along the
  chain, or the account's ``settings`` document) has ``enable: false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ...countries import COUNTRIES
from ...http.context import Context
from ...http.errors import ApiError
from ...http.pagination import scope_of
from ...providers import provider
from ...store import schema as t
from .. import common as c
from .. import documents as docs

SECTION = "outbound_calling"
RULE_KIND = "outbound_exception_rule"
RULES = (1, 2, 3, 4)
MATCH_TYPES = ("phoneNumber", "prefix")
STATUSES = ("active", "inactive")
DEFAULT_RULE = 1
DEFAULT_CARRIER = ["ZOOM"]


@dataclass(frozen=True, slots=True)
class Owner:
    level: str  # account | site | user | commonArea
    id: str
    chain: tuple[tuple[str, str | None], ...]  # most general first, for documents.resolve


# --- owners --------------------------------------------------------------------------------------


def _missing_owner(ctx: Context, key: str) -> ApiError:
    """The operation's documented 404 for its owner (13500 or 13000), placeholders filled."""
    for e in ctx.op.error_codes:
        if e.status == 404 and e.code != 13507:
            return c.not_found(ctx, e.code, e.message, siteId=key, userId=key, commonAreaId=key)
    return ApiError(404, 13500, f"The owner does not exist: {key}.")


def account_owner(ctx: Context) -> Owner:
    return Owner("account", ctx.account_id, (("account", ctx.account_id),))


def site_owner(ctx: Context, site_id: str | None = None) -> Owner:
    key = site_id or ctx.path["siteId"]
    row = c.site_row(ctx.conn, ctx.account_id, key)
    if row is None:
        raise _missing_owner(ctx, key)
    return Owner("site", row.id, (("account", ctx.account_id), ("site", row.id)))


def extension_owner(ctx: Context, key: str, kind: str) -> Owner:
    row = c.find_extension(ctx.conn, ctx.account_id, key, kind)
    if row is None:
        raise _missing_owner(ctx, key)
    return Owner(kind, row.id, (("account", ctx.account_id), ("site", row.site_id), (kind, row.id)))


def user_owner(ctx: Context) -> Owner:
    return extension_owner(ctx, ctx.path["userId"], c.USER)


def common_area_owner(ctx: Context) -> Owner:
    return extension_owner(ctx, ctx.path["commonAreaId"], c.COMMON_AREA)


# --- policy gate ---------------------------------------------------------------------------------


def enabled(ctx: Context, owner: Owner) -> bool:
    """Whether the owner's ``outbound_calling`` policy is on (default on)."""
    acct = docs.load(ctx.conn, ctx.account_id, "settings").get("outbound_calling")
    if isinstance(acct, dict) and acct.get("enable") is False:
        return False
    pol = docs.resolve(ctx.conn, list(owner.chain), "policy", {}).get("outbound_calling")
    return not (isinstance(pol, dict) and pol.get("enable") is False)


def _require_enabled(ctx: Context, owner: Owner) -> None:
    if not enabled(ctx, owner):
        raise ctx.error(13504, message="You do not enable the outbound calling policy setting.")


# --- pagination of computed lists ----------------------------------------------------------------


def page_list(ctx: Context, items: list[Any]) -> tuple[list[Any], str, int, int]:
    """One page of an in-memory list, with the same signed tokens as ``ctx.page`` (the
    position is the key; the path parameters are part of the token's scope)."""
    size = ctx.page_size()
    scope = scope_of(ctx.op.operation_id, ctx.account_id, {**ctx.query, **{"_path": ctx.path}})
    start = 0
    token = ctx.query.get("next_page_token")
    if token:
        start = int(ctx.server.page_tokens.decode(token, scope, ctx.page_token_error()))
    rows = items[start:start + size]
    nxt = ""
    if start + size < len(items):
        nxt = ctx.server.page_tokens.encode(scope, start + size)
    return rows, nxt, len(items), size


# --- countries and regions -----------------------------------------------------------------------


def effective_rules(ctx: Context, owner: Owner) -> dict[str, dict[str, Any]]:
    return docs.resolve(ctx.conn, list(owner.chain), SECTION, {})


def countries_regions(ctx: Context, owner: Owner) -> list[dict[str, Any]]:
    rules = effective_rules(ctx, owner)
    out = []
    for iso in sorted(COUNTRIES):
        code, name = COUNTRIES[iso]
        r = rules.get(iso) if isinstance(rules.get(iso), dict) else {}
        out.append({"name": name, "code": int(code), "iso_code": iso, "rule": int(r.get("rule", DEFAULT_RULE)),
                    "enabled_carrier": list(r.get("enabled_carrier") or DEFAULT_CARRIER)})
    return out


def get_countries(ctx: Context, owner: Owner) -> dict[str, Any]:
    _require_enabled(ctx, owner)
    rows, token, _total, size = page_list(ctx, countries_regions(ctx, owner))
    return {"countries_regions": rows, "next_page_token": token, "page_size": size}


def _country(field: str, value: Any) -> str:
    iso = value.upper() if isinstance(value, str) else None
    if iso not in COUNTRIES:
        raise c.invalid(field, f"Invalid country or region code: {value}.")
    return iso


def update_countries(ctx: Context, owner: Owner) -> None:
    _require_enabled(ctx, owner)
    items = c.body(ctx).get("country_regions")
    if not isinstance(items, list) or not items:
        raise c.invalid("country_regions", "At least one country or region is required.")
    changes: dict[str, dict[str, Any]] = {}
    drop: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise c.invalid(f"country_regions[{i}]", "Must be an object.")
        iso = _country(f"country_regions[{i}].iso_code", item.get("iso_code"))
        rule = item.get("rule")
        if rule not in RULES or isinstance(rule, bool):
            raise c.invalid(f"country_regions[{i}].rule", "The rule must be one of 1, 2, 3, 4.")
        changes[iso] = {"rule": rule}
        if item.get("delete_existing_exception_rules") is True:
            drop.append(iso)
    before = effective_rules(ctx, owner)
    doomed = []
    for iso in drop:
        if int((before.get(iso) or {}).get("rule", DEFAULT_RULE)) != changes[iso]["rule"]:
            doomed += [r.id for r in c.items_of(ctx.conn, owner.id, RULE_KIND) if (r.details or {}).get("country") == iso]
    if doomed:
        c.delete_items(ctx.conn, owner.id, RULE_KIND, doomed)
    docs.patch(ctx.conn, ctx.account_id, owner.id, SECTION, changes, allow_reset=False)


# --- exception rules -----------------------------------------------------------------------------


def rule_view(row: Any) -> dict[str, Any]:
    d = row.details or {}
    out = {"id": row.id, "match_type": d.get("match_type"), "prefix_number": d.get("prefix_number"),
           "rule": d.get("rule", 2), "status": d.get("status", "active")}
    if d.get("comment"):
        out["comment"] = d["comment"]
    return out


def list_rules(ctx: Context, owner: Owner) -> dict[str, Any]:
    _require_enabled(ctx, owner)
    it = t.phone_items
    stmt = select(it).where(it.c.account_id == ctx.account_id, it.c.owner_id == owner.id, it.c.kind == RULE_KIND)
    rows, token, _total, size = ctx.page(stmt, it.c.pk)
    return {"exception_rules": [rule_view(r) for r in rows], "next_page_token": token, "page_size": size}


def _rule_body(ctx: Context, owner: Owner, current: dict[str, Any] | None = None,
               rule_id: str | None = None) -> dict[str, Any]:
    data = c.body(ctx).get("exception_rule")
    if not isinstance(data, dict):
        raise c.invalid("exception_rule", "The exception rule is required.")
    merged = {**(current or {}), **{k: v for k, v in data.items() if v is not None}}
    iso = _country("exception_rule.country", merged.get("country"))
    match_type = merged.get("match_type")
    if match_type not in MATCH_TYPES:
        raise c.invalid("exception_rule.match_type", "The match type must be phoneNumber or prefix.")
    number = merged.get("prefix_number")
    digits = number.lstrip("+") if isinstance(number, str) else ""
    if not digits.isdigit() or len(digits) > 15:
        raise c.invalid("exception_rule.prefix_number", "The number or prefix must be 1 to 15 digits.")
    status = merged.get("status")
    if status not in STATUSES:
        raise c.invalid("exception_rule.status", "The status must be active or inactive.")
    comment = merged.get("comment") or ""
    if not isinstance(comment, str) or len(comment) > 255:
        raise c.invalid("exception_rule.comment", "The comment can be up to 255 characters.")
    rule = data.get("rule", (current or {}).get("rule"))
    if rule is None:
        # The exception is the opposite of the country's rule: blocked where calls are allowed,
        # allowed where they are blocked or restricted.
        country_rule = int((effective_rules(ctx, owner).get(iso) or {}).get("rule", DEFAULT_RULE))
        rule = 2 if country_rule == 1 else 1
    if rule not in RULES or isinstance(rule, bool):
        raise c.invalid("exception_rule.rule", "The rule must be one of 1, 2, 3, 4.")
    for other in c.items_of(ctx.conn, owner.id, RULE_KIND):
        d = other.details or {}
        if other.id != rule_id and d.get("country") == iso and d.get("prefix_number") == digits \
                and d.get("match_type") == match_type:
            raise c.invalid("exception_rule.prefix_number", f"An exception rule for {digits} already exists.")
    return {"country": iso, "match_type": match_type, "prefix_number": digits, "rule": rule, "status": status,
            "comment": comment}


def add_rule(ctx: Context, owner: Owner) -> dict[str, Any]:
    _require_enabled(ctx, owner)
    details = _rule_body(ctx, owner)
    return {"exception_rule_id": c.add_item(ctx, owner.id, RULE_KIND, details)}


def _rule_row(ctx: Context, owner: Owner):  # noqa: ANN202
    rid = ctx.path["exceptionRuleId"]
    row = c.get_item(ctx.conn, owner.id, RULE_KIND, rid)
    if row is None:
        raise c.not_found(ctx, 13507, "The exception rule does not exist: {exceptionRuleId}.",
                          exceptionRuleId=rid)
    return row


def update_rule(ctx: Context, owner: Owner) -> None:
    _require_enabled(ctx, owner)
    row = _rule_row(ctx, owner)
    c.update_item(ctx.conn, row.id, _rule_body(ctx, owner, dict(row.details or {}), row.id))


def delete_rule(ctx: Context, owner: Owner) -> None:
    _require_enabled(ctx, owner)
    row = _rule_row(ctx, owner)
    c.delete_items(ctx.conn, owner.id, RULE_KIND, [row.id])


# --- providers: site, user and common-area levels ------------------------------------------------


def _register(base: str, resolve) -> None:  # noqa: ANN001
    oc = f"{base}/outbound_calling"
    provider(f"GET {oc}/countries_regions")(lambda ctx: get_countries(ctx, resolve(ctx)))
    provider(f"PATCH {oc}/countries_regions")(lambda ctx: update_countries(ctx, resolve(ctx)))
    provider(f"GET {oc}/exception_rules")(lambda ctx: list_rules(ctx, resolve(ctx)))
    provider(f"POST {oc}/exception_rules")(lambda ctx: add_rule(ctx, resolve(ctx)))
    provider(f"PATCH {oc}/exception_rules/{{exceptionRuleId}}")(lambda ctx: update_rule(ctx, resolve(ctx)))
    provider(f"DELETE {oc}/exception_rules/{{exceptionRuleId}}")(lambda ctx: delete_rule(ctx, resolve(ctx)))


_register("/phone/sites/{siteId}", site_owner)
_register("/phone/users/{userId}", user_owner)
_register("/phone/common_areas/{commonAreaId}", common_area_owner)
