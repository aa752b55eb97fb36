"""Sites, their settings, dial-by-name directory, and outbound calling countries/regions and exception rules at site, user and common-area level: providers (HTTP glue).

A site is a ``sites`` row (``details``: address, short extension, SIP zone, caller ID name,
India fields). Each site has one primary (main) auto receptionist: an ``extensions`` row of type
autoReceptionist with ``details.primary`` true, created with the site and deleted with it. The
site's default emergency address is an ``emergency_addresses`` row (level 0, ``is_default``).
Site policy: ``phone_documents`` section "policy" (account -> site); site settings: one
document per type, section ``setting:<type>``. See docs/phone/sites.md.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...countries import COUNTRIES
from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...spec import operations
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c
from .. import documents as docs
from . import outbound_calling  # noqa: F401  (registers the outbound calling providers)

S = t.sites
EXT = t.extensions
EA = t.emergency_addresses
DIRECTORY_KIND = "dial_by_name"
DIRECTORY_MEMBER_TYPES = (c.USER, c.COMMON_AREA)
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state_code", "zip", "country")
INDIA_FIELDS = ("india_state_code", "india_city", "india_sdca_npa", "india_entity_name")
EXTRA_POLICY_KEYS = {"outbound_calling"}  # documented at account, user and common-area level


# --- lookups ------------------------------------------------------------------------------------


def _site_missing(ctx: Context, site_id: str) -> ApiError:
    """The operation's documented "site does not exist" error (code and status differ by
    operation); 400/300 where the document gives none."""
    for e in ctx.op.error_codes:
        m = re.search(r"(The site does not exist[^.]*\.|Site does not exist\.)", e.message or "")
        if m:
            return ApiError(e.status, e.code, m.group(1).replace("{siteId}", site_id))
    return ApiError(400, 300, "Site does not exist.")


def _site(ctx: Context, site_id: str | None = None):  # noqa: ANN202
    key = site_id or ctx.path["siteId"]
    row = c.site_row(ctx.conn, ctx.account_id, key)
    if row is None:
        raise _site_missing(ctx, key)
    return row


def _bad(message: str) -> ApiError:
    return ApiError(400, 400, message)


def primary_ars(conn, site_ids: list[str]) -> dict[str, Any]:  # noqa: ANN001
    """{site_id: the site's primary auto receptionist row}."""
    if not site_ids:
        return {}
    rows = conn.execute(
        select(EXT).where(EXT.c.site_id.in_(site_ids), EXT.c.type == c.AUTO_RECEPTIONIST).order_by(EXT.c.pk)
    ).all()
    out: dict[str, Any] = {}
    for r in rows:
        if (r.details or {}).get("primary") is True and r.site_id not in out:
            out[r.site_id] = r
    return out


def _ar_view(ar: Any) -> dict[str, Any]:
    out = {"id": ar.id, "extension_id": ar.id, "name": ar.name}
    if ar.extension_number is not None:
        out["extension_number"] = ar.extension_number
    return out


def _country_view(code: str) -> dict[str, str]:
    return {"code": code, "name": COUNTRIES.get(code, ("", code))[1]}


def _site_summary(row: Any, ar: Any | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "name": row.name, "country": _country_view(row.country)}
    if ar is not None:
        out["main_auto_receptionist"] = _ar_view(ar)
    if row.site_code is not None:
        out["site_code"] = row.site_code
    return out


# --- list / create ------------------------------------------------------------------------------


@provider("GET /phone/sites", cache=True)
def list_sites(ctx: Context) -> dict[str, Any]:
    stmt = select(S).where(S.c.account_id == ctx.account_id)
    rows, token, total, size = ctx.page(stmt, S.c.pk)
    ars = primary_ars(ctx.conn, [r.id for r in rows])
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "sites": [_site_summary(r, ars.get(r.id)) for r in rows]}


def _address(data: Any, field: str = "default_emergency_address") -> dict[str, str]:
    if not isinstance(data, dict):
        raise c.invalid(field, "The default emergency address is required.")
    out: dict[str, str] = {}
    for k in ADDRESS_FIELDS:
        v = data.get(k)
        if v is None or v == "":
            if k != "address_line2":
                raise _bad("This address could not be validated or geocoded.")
            continue
        if not isinstance(v, str):
            raise c.invalid(f"{field}.{k}", "Must be a string.")
        out[k] = v.strip()
    out["country"] = out["country"].upper()
    if out["country"] not in COUNTRIES:
        raise _bad("Country information is invalid.")
    return out


def _codes_in_use(ctx: Context, exclude: str | None = None) -> set[int]:
    q = select(S.c.site_code).where(S.c.account_id == ctx.account_id, S.c.site_code.is_not(None))
    if exclude:
        q = q.where(S.c.id != exclude)
    return set(ctx.conn.execute(q).scalars())


def _check_code(ctx: Context, code: Any, length: int, exclude: str | None = None) -> int:
    if not isinstance(code, int) or isinstance(code, bool) or code <= 0 or len(str(code)) + length > 6:
        raise _bad("Invalid site code length.")
    if code in _codes_in_use(ctx, exclude):
        raise _bad(f"Site code {code} is already in use.")
    return code


def _short_length(data: Any, default: int = 3) -> int:
    if data is None:
        return default
    length = data.get("length", default) if isinstance(data, dict) else None
    if not isinstance(length, int) or isinstance(length, bool) or not 2 <= length <= 5:
        raise _bad("Invalid short extension number length.")
    return length


def _name(ctx: Context, value: Any, exclude: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise c.invalid("name", "The site name is required.")
    name = value.strip()
    if len(name) > 255:
        raise c.invalid("name", "The site name can be up to 255 characters.")
    q = select(S.c.id).where(S.c.account_id == ctx.account_id, S.c.name == name)
    if exclude:
        q = q.where(S.c.id != exclude)
    if ctx.conn.execute(q).first() is not None:
        raise _bad(f"Site name {name} already exists.")
    return name


def _india(body: dict[str, Any], country: str, current: dict[str, Any] | None = None) -> dict[str, str]:
    vals = {k: body.get(k, (current or {}).get(k)) for k in INDIA_FIELDS}
    if country != "IN":
        return {k: v for k, v in vals.items() if isinstance(v, str) and v}
    if not vals["india_state_code"] or not vals["india_city"]:
        raise _bad("For India sites, state and city should not be empty.")
    if vals["india_sdca_npa"] is not None and not str(vals["india_sdca_npa"]).isdigit():
        raise _bad("Short Distance Calling Area is invalid.")
    if not vals["india_entity_name"]:
        raise _bad("India Entity Name is required.")
    return {k: v for k, v in vals.items() if v}


@provider("POST /phone/sites")
def create_site(ctx: Context) -> dict[str, Any]:
    body = c.body(ctx)
    name = _name(ctx, body.get("name"))
    ar_name = body.get("auto_receptionist_name")
    if not isinstance(ar_name, str) or not ar_name.strip():
        raise c.invalid("auto_receptionist_name", "The auto receptionist name is required.")
    address = _address(body.get("default_emergency_address"))
    country = address["country"]
    length = _short_length(body.get("short_extension"))
    code = body.get("site_code")
    if code is not None:
        code = _check_code(ctx, code, length)
    elif _codes_in_use(ctx):
        # Site codes are on for this account: the next free one (phonestack's choice).
        used = _codes_in_use(ctx)
        code = max(used) + 1
        while code in used:
            code += 1
        if len(str(code)) + length > 6:
            raise _bad("Invalid site code length.")
    india = _india(body, country)
    source = None
    if body.get("source_auto_receptionist_id"):
        source = c.find_extension(ctx.conn, ctx.account_id, str(body["source_auto_receptionist_id"]),
                                  c.AUTO_RECEPTIONIST)
        if source is None:
            raise c.invalid("source_auto_receptionist_id", "The auto receptionist does not exist.")
    sip_zone = body.get("sip_zone")
    force_off_net = body.get("force_off_net")

    site_id = new_id()
    details: dict[str, Any] = {
        "address": address, "short_extension": {"length": length},
        **({"sip_zone": {"id": sip_zone["id"]}} if isinstance(sip_zone, dict) and sip_zone.get("id") else {}),
        **india,
    }
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(S).values(id=site_id, account_id=ctx.account_id, name=name, site_code=code,
                                              country=country, main=_main_site_missing(ctx), details=details,
                                              **stamps()))
    except IntegrityError:
        raise _bad(f"Site name {name} already exists.") from None
    ctx.conn.execute(insert(EA).values(
        id=new_id(), account_id=ctx.account_id, site_id=site_id, owner_id=None, is_default=True, level=0,
        status=1, country=country, details={k: v for k, v in address.items() if k != "country"}, **stamps(),
    ))
    ar_details: dict[str, Any] = dict(source.details or {}) if source is not None else {}
    ar_details["primary"] = True
    c.insert_extension(ctx, kind=c.AUTO_RECEPTIONIST, name=ar_name.strip(), site_id=site_id,
                       extension_number=None, details=ar_details)
    if isinstance(force_off_net, dict) and force_off_net:
        docs.patch(ctx.conn, ctx.account_id, site_id, "policy", {"force_off_net": dict(force_off_net)},
                   allow_reset=False)
    return {"id": site_id, "name": name}


def _main_site_missing(ctx: Context) -> bool:
    return ctx.conn.execute(
        select(S.c.id).where(S.c.account_id == ctx.account_id, S.c.main.is_(True)).limit(1)
    ).first() is None


# --- get / update -------------------------------------------------------------------------------


def default_address(conn, site: Any) -> dict[str, Any] | None:  # noqa: ANN001
    row = conn.execute(
        select(EA).where(EA.c.site_id == site.id, EA.c.level == 0, EA.c.owner_id.is_(None))
        .order_by(EA.c.is_default.desc(), EA.c.pk).limit(1)
    ).first()
    if row is None:
        addr = (site.details or {}).get("address")
        if not isinstance(addr, dict) or not addr:
            return None
        out = {k: addr[k] for k in ADDRESS_FIELDS if addr.get(k)}
        out.setdefault("country", site.country)
        return {**out, "is_default": True, "level": 0, "status": 1}
    d = row.details or {}
    out = {k: d[k] for k in ADDRESS_FIELDS if k != "country" and d.get(k)}
    return {"id": row.id, **out, "country": row.country, "is_default": bool(row.is_default),
            "level": row.level if row.level in (0, 1, 2) else 0,
            "status": row.status if row.status in (1, 2, 3, 4, 5, 6) else 1}


_POLICY_DEFAULTS: dict[str, Any] | None = None


def policy_defaults() -> dict[str, Any]:
    """The documented example policy of a site, without its example lock state."""
    global _POLICY_DEFAULTS
    if _POLICY_DEFAULTS is None:
        ex = docs.example_of(operations()["getPhoneSiteDetails"]).get("policy") or {}
        for v in ex.values():
            if isinstance(v, dict):
                v.pop("locked_by", None)
                v.pop("modified", None)
                v["locked"] = False
        _POLICY_DEFAULTS = ex
    return copy.deepcopy(_POLICY_DEFAULTS)


def site_policy(conn, account_id: str, site_id: str) -> dict[str, Any]:  # noqa: ANN001
    chain = [("account", account_id), ("site", site_id)]
    out = docs.resolve(conn, chain, "policy", policy_defaults())
    own = docs.load(conn, site_id, "policy")
    for key, value in out.items():
        if not isinstance(value, dict):
            continue
        value["modified"] = key in own
        if value.get("locked") is True and "locked_by" not in value:
            value["locked_by"] = "site"
    return out


@provider("GET /phone/sites/{siteId}")
def get_site(ctx: Context) -> dict[str, Any]:
    row = _site(ctx)
    d = row.details or {}
    out = _site_summary(row, primary_ars(ctx.conn, [row.id]).get(row.id))
    out["short_extension"] = {"length": int((d.get("short_extension") or {}).get("length", 3))}
    if isinstance(d.get("sip_zone"), dict):
        out["sip_zone"] = d["sip_zone"]
    if d.get("caller_id_name"):
        out["caller_id_name"] = d["caller_id_name"]
    for k in INDIA_FIELDS:
        if d.get(k):
            out[k] = d[k]
    addr = default_address(ctx.conn, row)
    if addr:
        out["default_emergency_address"] = addr
    out["policy"] = site_policy(ctx.conn, ctx.account_id, row.id)
    return out


def _policy_keys() -> set[str]:
    schema = operations()["updatePhoneSiteDetails"].body_schema or {}
    props = ((schema.get("properties") or {}).get("policy") or {}).get("properties") or {}
    return set(props) | EXTRA_POLICY_KEYS


def _refs(value: Any, key: str) -> list[str]:
    """Every string under ``key`` anywhere in ``value``."""
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key and isinstance(v, str) and v:
                out.append(v)
            else:
                out += _refs(v, key)
    elif isinstance(value, list):
        for v in value:
            out += _refs(v, key)
    return out


def _check_policy(ctx: Context, policy: Any) -> dict[str, Any]:
    if not isinstance(policy, dict):
        raise c.invalid("policy", "Must be an object.")
    known = _policy_keys()
    for key, value in policy.items():
        if key not in known:
            raise c.invalid(f"policy.{key}", "Unknown policy.")
        if not isinstance(value, dict):
            raise c.invalid(f"policy.{key}", "Must be an object.")
    for audio in _refs(policy, "audio_id") + _refs(policy, "recording_start_prompt_audio_id"):
        if ctx.conn.execute(select(t.audio_items.c.id).where(
                t.audio_items.c.account_id == ctx.account_id, t.audio_items.c.id == audio)).first() is None:
            raise ctx.error(13802, message=f"Audio does not exist: {audio}.")
    for ext in _refs(policy, "extension_id"):
        if c.find_extension(ctx.conn, ctx.account_id, ext) is None:
            raise ctx.error(13808, message=f"Extension does not exist: {ext}")
    return policy


def _check_ranges(short: dict[str, Any], length: int) -> list[dict[str, str]]:
    ranges = short.get("ranges")
    if ranges is None:
        return []
    if not isinstance(ranges, list):
        raise c.invalid("short_extension.ranges", "Must be an array.")
    out, spans = [], []
    for r in ranges:
        a, b = (r or {}).get("range_from"), (r or {}).get("range_to")
        if not a or not b:
            raise c.invalid("short_extension.ranges", "The range_from or range_to can not be empty.")
        if not str(a).isdigit() or not str(b).isdigit():
            raise c.invalid("short_extension.ranges", "The range_from or range_to must be digits only.")
        if len(str(a)) != length or len(str(b)) != length:
            raise c.invalid("short_extension.ranges", "Align the range with the number of digits entered in `length`")
        if int(a) >= int(b):
            raise c.invalid("short_extension.ranges", "`range_from` value must be smaller than `range_to` value.")
        for x, y in spans:
            if int(a) <= y and x <= int(b):
                raise c.invalid("short_extension.ranges", "Each set of ranges cannot have intersections.")
        spans.append((int(a), int(b)))
        out.append({"range_from": str(a), "range_to": str(b)})
    return out


@provider("PATCH /phone/sites/{siteId}")
def update_site(ctx: Context) -> None:
    row = _site(ctx)
    body = c.body(ctx)
    details = copy.deepcopy(row.details or {})
    values: dict[str, Any] = {}
    if "name" in body:
        values["name"] = _name(ctx, body["name"], exclude=row.id)
    short = body.get("short_extension")
    length = int((details.get("short_extension") or {}).get("length", 3))
    if short is not None:
        if not isinstance(short, dict):
            raise c.invalid("short_extension", "Must be an object.")
        length = _short_length(short, length)
        se = {"length": length}
        ranges = _check_ranges(short, length)
        if ranges or "ranges" in short:
            se["ranges"] = ranges
        elif (details.get("short_extension") or {}).get("ranges"):
            se["ranges"] = _check_ranges(details["short_extension"], length)
        details["short_extension"] = se
    if "site_code" in body:
        if not _codes_in_use(ctx) and row.site_code is None:
            raise _bad("Site code is disabled.")
        values["site_code"] = _check_code(ctx, body["site_code"], length, exclude=row.id)
    elif short is not None and row.site_code is not None and len(str(row.site_code)) + length > 6:
        raise _bad("Invalid short extension number length.")
    if "caller_id_name" in body:
        cid = body["caller_id_name"]
        if not isinstance(cid, str) or len(cid) > 15:
            raise c.invalid("caller_id_name", "The caller ID name can be up to 15 characters.")
        if cid:
            details["caller_id_name"] = cid
        else:
            details.pop("caller_id_name", None)
    if isinstance(body.get("sip_zone"), dict):
        details["sip_zone"] = {"id": str(body["sip_zone"].get("id") or "")}
        if not details["sip_zone"]["id"]:
            details.pop("sip_zone")
    address = None
    if "default_emergency_address" in body:
        try:
            address = _address(body["default_emergency_address"])
        except ApiError as e:
            raise c.invalid("default_emergency_address", e.message) from None
        if address["country"] != row.country:
            raise c.invalid("default_emergency_address.country", "Change country is not allowed.")
        details["address"] = address
    india = {k: body[k] for k in INDIA_FIELDS if k in body}
    if india:
        details.update(_india(body, row.country, details))
    policy = _check_policy(ctx, body["policy"]) if "policy" in body else None

    # the request is valid: write
    if policy:
        docs.patch(ctx.conn, ctx.account_id, row.id, "policy", policy)
    if address is not None:
        current = ctx.conn.execute(
            select(EA.c.id).where(EA.c.site_id == row.id, EA.c.level == 0, EA.c.owner_id.is_(None))
            .order_by(EA.c.is_default.desc(), EA.c.pk).limit(1)
        ).scalar()
        ea = {k: v for k, v in address.items() if k != "country"}
        if current:
            ctx.conn.execute(update(EA).where(EA.c.id == current).values(details=ea, updated_at=utcnow()))
        else:
            ctx.conn.execute(insert(EA).values(
                id=new_id(), account_id=ctx.account_id, site_id=row.id, owner_id=None, is_default=True, level=0,
                status=1, country=row.country, details=ea, **stamps()))
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(update(S).where(S.c.id == row.id).values(details=details, updated_at=utcnow(),
                                                                        **values))
    except IntegrityError:
        raise _bad(f"Site name {values.get('name')} already exists.") from None
    return None


# --- delete -------------------------------------------------------------------------------------


@provider("DELETE /phone/sites/{siteId}")
def delete_site(ctx: Context) -> None:
    row = _site(ctx)
    if row.main:
        raise _bad("The main site cannot be deleted.")
    target_id = ctx.query.get("transfer_site_id")
    if not target_id:
        raise c.invalid("transfer_site_id", "The site that receives the assets is required.")
    if target_id == row.id:
        raise _bad("Unable to transfer to the same site.")
    target = c.site_row(ctx.conn, ctx.account_id, target_id)
    if target is None:
        raise _bad("Site does not exist.")
    conn = ctx.conn
    now = utcnow()
    # The site's primary auto receptionist goes with it; its numbers are freed and move with
    # the other numbers of the site to the target site.
    ar = primary_ars(conn, [row.id]).get(row.id)
    if ar is not None:
        c.unassign_numbers(ctx, ar.id)
        c.delete_extension(ctx, ar)
    conn.execute(update(EXT).where(EXT.c.site_id == row.id).values(site_id=target.id, updated_at=now))
    conn.execute(update(t.phone_numbers).where(t.phone_numbers.c.site_id == row.id)
                 .values(site_id=target.id, updated_at=now))
    conn.execute(update(t.devices).where(t.devices.c.site_id == row.id).values(site_id=target.id, updated_at=now))
    # The target keeps its own default emergency address.
    conn.execute(update(EA).where(EA.c.site_id == row.id).values(site_id=target.id, is_default=False,
                                                                updated_at=now))
    conn.execute(update(t.locations).where(t.locations.c.site_id == row.id)
                 .values(site_id=target.id, updated_at=now))
    conn.execute(update(t.setting_templates).where(t.setting_templates.c.site_id == row.id)
                 .values(site_id=target.id, updated_at=now))
    c.purge_owner(conn, row.id)
    conn.execute(delete(S).where(S.c.id == row.id))
    return None


from . import directory, settings  # noqa: E402,F401  (register their providers)
