"""Account settings: GET/PATCH /phone/settings and GET /phone/account_settings.

Two ``phone_documents`` of the account (owner = account id):

* ``settings`` — the overrides of GET /phone/settings (billing account, site code, device IP in
  call logs, multiple-party conference). BYOC and multiple sites are the account options
  ``byoc`` and ``multiple_sites`` (Number Management and the site-aware families read them), so
  PATCH writes those options and GET reads them.
* ``policy`` — the account level of the policy chain account -> site -> entity that the sites,
  users and other families resolve (phone.documents.resolve(..., "policy", ...)); GET
  /phone/account_settings answers it over the documented example (the defaults).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from ...countries import COUNTRIES
from ...http.context import Context
from ...platform.accounts import account_options
from ...providers import provider
from ...spec import operations
from ...store import schema as t
from ...store.util import utcnow
from .. import common as c
from .. import documents as docs

SETTINGS = "settings"  # section of GET/PATCH /phone/settings
POLICY = "policy"  # section of GET /phone/account_settings (the account level of every policy chain)
SHORT_EXTENSION = (2, 5)  # short_extension_length range (the 15-digit extension feature is not modelled)


def _phone_enabled(ctx: Context) -> dict[str, Any]:
    opts = account_options(ctx.conn, ctx.account_id)
    if opts.get("zoom_phone") is False:
        raise ctx.error(2031)
    return opts


def set_options(ctx: Context, changes: dict[str, Any]) -> None:
    """Merge ``changes`` into the account's options (accounts.options)."""
    row = ctx.conn.execute(select(t.accounts.c.options).where(t.accounts.c.id == ctx.account_id)).first()
    options = {**((row.options if row else None) or {}), **changes}
    ctx.conn.execute(update(t.accounts).where(t.accounts.c.id == ctx.account_id)
                     .values(options=options, updated_at=utcnow()))


def _site_count(ctx: Context) -> int:
    return int(ctx.conn.execute(
        select(func.count()).select_from(t.sites).where(t.sites.c.account_id == ctx.account_id)
    ).scalar_one())


def multi_site_mode(ctx: Context) -> bool:
    """The account works with several sites: the option is on and it has more than one."""
    return bool(account_options(ctx.conn, ctx.account_id).get("multiple_sites")) and _site_count(ctx) > 1


def phone_settings(ctx: Context) -> dict[str, Any]:
    opts = _phone_enabled(ctx)
    stored = docs.load(ctx.conn, ctx.account_id, SETTINGS)
    out: dict[str, Any] = {}
    main = c.main_site(ctx.conn, ctx.account_id)
    iso = (stored.get("country") or {}).get("code") or (main.country if main is not None else "US")
    out["byoc"] = {"enable": bool(opts.get("byoc"))}
    out["country"] = {"code": iso, "name": COUNTRIES.get(iso, ("", iso))[1]}
    multiple = bool(opts.get("multiple_sites"))
    site_code = stored.get("multiple_sites", {}).get("site_code", {})
    out["multiple_sites"] = {"enabled": multiple, "site_code": multiple and bool(site_code.get("enable"))}
    for key in ("show_device_ip_for_call_log", "multiple_party_conference"):
        out[key] = {"enable": bool((stored.get(key) or {}).get("enable", False))}
    ba = t.billing_accounts
    q = select(ba.c.id, ba.c.name).where(ba.c.account_id == ctx.account_id)
    chosen = (stored.get("billing_account") or {}).get("id")
    row = ctx.conn.execute(q.where(ba.c.id == chosen) if chosen else q.order_by(ba.c.pk).limit(1)).first()
    if row is not None:
        out["billing_account"] = {"id": row.id, "name": row.name}
    return out


@provider("GET /phone/settings")
def get_phone_settings(ctx: Context) -> dict[str, Any]:
    return phone_settings(ctx)


@provider("PATCH /phone/settings")
def update_phone_settings(ctx: Context) -> None:
    opts = _phone_enabled(ctx)
    body = c.body(ctx)
    stored = docs.load(ctx.conn, ctx.account_id, SETTINGS)
    changes: dict[str, Any] = {}
    option_changes: dict[str, Any] = {}

    if "billing_account" in body:
        bid = (body["billing_account"] or {}).get("id")
        ba = t.billing_accounts
        if not bid or ctx.conn.execute(
            select(ba.c.id).where(ba.c.account_id == ctx.account_id, ba.c.id == bid)
        ).first() is None:
            raise c.invalid("billing_account.id", f"Billing account does not exist: {bid}.")
        changes["billing_account"] = {"id": bid}
    if "enable" in (body.get("byoc") or {}):
        option_changes["byoc"] = bool(body["byoc"]["enable"])
    multiple = bool(opts.get("multiple_sites"))
    ms = body.get("multiple_sites") or {}
    if "enabled" in ms:
        if not ms["enabled"] and _site_count(ctx) > 1:
            raise ctx.error(412)
        multiple = bool(ms["enabled"])
        option_changes["multiple_sites"] = multiple
    site_code = dict((stored.get("multiple_sites") or {}).get("site_code") or {})
    if "site_code" in ms:
        sc = ms["site_code"] or {}
        if "short_extension_length" in sc:
            length = sc["short_extension_length"]
            lo, hi = SHORT_EXTENSION
            if not isinstance(length, int) or not lo <= length <= hi:
                raise c.invalid("multiple_sites.site_code.short_extension_length",
                                f"The short extension length is between {lo} and {hi}.")
            site_code["short_extension_length"] = length
        if "enable" in sc:
            if sc["enable"] and not multiple:
                raise c.invalid("multiple_sites.site_code.enable",
                                "You must enable multiple sites before you can enable site codes.")
            if sc["enable"] and "short_extension_length" not in site_code:
                raise c.invalid("multiple_sites.site_code.enable",
                                "Set short_extension_length before you enable site codes.")
            site_code["enable"] = bool(sc["enable"])
    if not multiple and site_code.get("enable"):
        site_code["enable"] = False  # no site codes without multiple sites
    if site_code:
        changes["multiple_sites"] = {"site_code": site_code}
    if "enable" in (body.get("show_device_ip_for_call_log") or {}):
        changes["show_device_ip_for_call_log"] = {"enable": bool(body["show_device_ip_for_call_log"]["enable"])}
    if "enable" in (body.get("multiple_party_conference") or {}):
        changes["multiple_party_conference"] = {"enable": bool(body["multiple_party_conference"]["enable"])}

    if option_changes:
        set_options(ctx, option_changes)
    if changes:
        docs.patch(ctx.conn, ctx.account_id, ctx.account_id, SETTINGS, changes, allow_reset=False)
    return None


# --- GET /phone/account_settings ---------------------------------------------------------------


def policy_defaults() -> dict[str, Any]:
    """The documented example of GET /phone/account_settings: the account-level defaults of every
    policy (what an account that changed nothing answers)."""
    return docs.example_of(operations()["listAccountsZoomPhoneSettings"])


def account_policy(conn, account_id: str) -> dict[str, Any]:  # noqa: ANN001
    """The account's effective policy document (defaults + the account's overrides): the top of
    the account -> site -> entity chain."""
    return docs.resolve(conn, [("account", account_id)], POLICY, policy_defaults())


@provider("GET /phone/account_settings")
def list_account_settings(ctx: Context) -> dict[str, Any]:
    _phone_enabled(ctx)
    props = ctx.op.responses[200].get("properties") or {}
    resolved = account_policy(ctx.conn, ctx.account_id)
    own = docs.load(ctx.conn, ctx.account_id, POLICY)
    wanted: list[str] | None = None
    raw = ctx.query.get("setting_types")
    if raw:
        wanted = [s.strip() for s in str(raw).split(",") if s.strip()]
        if not wanted or any(s not in props for s in wanted):
            raise ctx.error(400)
    out: dict[str, Any] = {}
    for key, value in resolved.items():
        if key not in props or (wanted is not None and key not in wanted):
            continue
        if isinstance(value, dict) and isinstance(own.get(key), dict) and own[key].get("locked") is True:
            value = {**value, "locked_by": "account"}  # locked by this account (not a default)
        out[key] = value
    return out

