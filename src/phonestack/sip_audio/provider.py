"""SIP Connected Audio API: the 13 operations of the "SIP Connected Audio" index.

Only a master account with the SIP Connected Audio plan (account option
``sip_connected_audio``) may call them; it acts on itself (``me``) or on one of its sub
accounts. Anyone else (a sub account's token, a master without the plan) gets the documented
400 code 300 "Request failed because this account is not enrolled in SIP Connected Audio plan."

Internal numbers are numbers of the account's inventory: each is a ``phone_numbers`` row
(source ThirdPartyNumber) plus its SIP Connected Audio attributes in ``sca_internal_numbers``;
the inventory's UNIQUE(account_id, number) keeps them from colliding with any number the
account holds. Writes validate the whole request before the first write (all-or-nothing).
See docs/sip-connected-audio.md.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..http.context import Context
from ..http.errors import ApiError
from ..platform.accounts import account_options
from ..providers import provider
from ..store import schema as t
from ..store.util import new_id, stamps, utcnow
from .countries import COUNTRIES, country_view

SCA = "/accounts/{accountId}/sip_trunk"
PN = t.phone_numbers
IN = t.sca_internal_numbers
TR = t.sca_trunks
CC = t.sca_callout_countries
ST = t.sca_settings

NOT_ENROLLED = "Request failed because this account is not enrolled in SIP Connected Audio plan."
NO_TRUNK_CONFIGS = "The master account has no sip trunk configs."
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
DNIS = re.compile(r"^\d{5,8}$")
DISPLAY_SETTING = (1, 2, 3)  # show_zoom_provided_callout_countries / show_zoom_provided_numbers


# --- helpers ------------------------------------------------------------------------------------


def _enrolled(ctx: Context) -> None:
    """The caller must be a master account with the SIP Connected Audio plan."""
    if not ctx.principal.is_master or not account_options(ctx.conn, ctx.principal.account_id).get(
        "sip_connected_audio"
    ):
        raise ApiError(400, 300, NOT_ENROLLED)


def _body(ctx: Context) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def _invalid(name: str, problems: list[dict[str, str]] | None = None) -> ApiError:
    """400 code 300 "Invalid parameter: <name>." (the documented form), with the details."""
    return ApiError(400, 300, f"Invalid parameter: {name}.", problems or None)


def _items(ctx: Context, key: str) -> list[dict[str, Any]]:
    items = _body(ctx).get(key)
    if not isinstance(items, list) or not items:
        raise _invalid(key, [{"field": key, "message": "At least one item is required."}])
    return items


# --- internal numbers ---------------------------------------------------------------------------


def _internal_view(row) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": row.id,
        "number": row.number,
        "labels": row.labels,
        "display_number": row.display_number,
        "visible": bool(row.visible),
        "allow_join": bool(row.allow_join),
        "allow_for_external_meetings": bool(row.allow_for_external_meetings),
        "type": int(row.type),
        "country": row.country,
        "languages": row.languages,
    }


def _internal_select():  # noqa: ANN202
    return select(IN, PN.c.number).join(PN, PN.c.id == IN.c.phone_number_id)


def _held(ctx: Context, account_id: str, numbers: list[str]) -> set[str]:
    if not numbers:
        return set()
    rows = ctx.conn.execute(select(PN.c.number).where(PN.c.account_id == account_id, PN.c.number.in_(numbers)))
    return {r.number for r in rows}


def _already_held(numbers: list[str], field: str = "internal_numbers") -> ApiError:
    listing = ", ".join(numbers)
    return ApiError(400, 300, f"The phone number already exists in the account: {listing}.", [
        {"field": field, "message": f"Phone number {n} already exists in the account."} for n in numbers
    ])


def _insert_internal(ctx: Context, account_id: str, items: list[dict[str, Any]], *, assigned_from: str | None,
                     field: str) -> list[dict[str, Any]]:
    """Insert internal numbers (validated ``items``) into ``account_id``'s inventory.

    The phone_numbers unique constraint decides collisions: a number the account already holds,
    including one a concurrent request added meanwhile, fails the whole request."""
    taken = _held(ctx, account_id, [i["number"] for i in items])
    if taken:
        raise _already_held([i["number"] for i in items if i["number"] in taken], field)
    pn_rows, in_rows = [], []
    for i in items:
        number_id = new_id()
        now = stamps()
        pn_rows.append({
            "id": number_id, "account_id": account_id, "number": i["number"], "display_name": i["labels"],
            "number_type": "TollFree" if i["type"] == 1 else "Toll", "source": "ThirdPartyNumber",
            "status": "Normal", "allocated_product": "UNALLOCATED", "capability": ["Incoming"],
            "country_iso": i["country"], **now,
        })
        in_rows.append({
            "id": number_id, "account_id": account_id, "phone_number_id": number_id, "labels": i["labels"],
            "display_number": i["display_number"], "visible": i["visible"], "allow_join": i["allow_join"],
            "allow_for_external_meetings": i["allow_for_external_meetings"], "type": i["type"],
            "country": i["country"], "languages": i["languages"], "assigned_from": assigned_from, **now,
        })
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(PN), pn_rows)
            ctx.conn.execute(insert(IN), in_rows)
    except IntegrityError:
        taken = _held(ctx, account_id, [i["number"] for i in items])
        raise _already_held([i["number"] for i in items if i["number"] in taken] or
                            [i["number"] for i in items], field) from None
    return [{**i, "id": r["id"]} for i, r in zip(items, in_rows, strict=True)]


def _internal_item(i: int, item: Any, problems: list[dict[str, str]]) -> dict[str, Any]:
    where = f"internal_numbers[{i}]"
    if not isinstance(item, dict):
        problems.append({"field": where, "message": "Must be an object."})
        return {}
    number = item.get("number")
    if not isinstance(number, str) or not E164.match(number):
        problems.append({"field": f"{where}.number", "message": "Phone number must be in E.164 format, e.g. +18885550100."})
    country = item.get("country")
    if not isinstance(country, str) or not COUNTRY.match(country):
        problems.append({"field": f"{where}.country", "message": "Must be a two-letter country code."})
    labels, display = item.get("labels"), item.get("display_number")
    if not isinstance(labels, str) or not labels.strip() or len(labels) > 255:
        problems.append({"field": f"{where}.labels", "message": "Must be 1 to 255 characters."})
    if not isinstance(display, str) or not display.strip() or len(display) > 64:
        problems.append({"field": f"{where}.display_number", "message": "Must be 1 to 64 characters."})
    visible = bool(item.get("visible", False))
    return {
        "number": number, "labels": labels, "display_number": display, "visible": visible,
        # documented: "if the value of visible field is set to true, [allow_join] will always be true"
        "allow_join": True if visible else bool(item.get("allow_join", False)),
        "allow_for_external_meetings": bool(item.get("allow_for_external_meetings", False)),
        "type": item.get("type"), "country": country.upper() if isinstance(country, str) else country,
        "languages": item.get("languages"),
    }


@provider(f"GET {SCA}/internal_numbers")
def list_internal_numbers(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    rows, token, total, size = ctx.page(_internal_select().where(IN.c.account_id == ctx.account_id), IN.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "internal_numbers": [_internal_view(r) for r in rows]}


@provider(f"POST {SCA}/internal_numbers")
def add_internal_numbers(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    raw = _items(ctx, "internal_numbers")
    problems: list[dict[str, str]] = []
    items = [_internal_item(i, item, problems) for i, item in enumerate(raw)]
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.get("number") in seen:
            problems.append({"field": f"internal_numbers[{i}].number", "message": "Duplicate number in the request."})
        seen.add(item.get("number"))
    if problems:
        raise ApiError(400, 300, "Validation Failed.", problems)
    added = _insert_internal(ctx, ctx.account_id, items, assigned_from=None, field="internal_numbers")
    return {"internal_numbers": [_internal_view(_Obj(a)) for a in added]}


class _Obj:
    def __init__(self, d: dict[str, Any]) -> None:
        self.__dict__.update(d)


@provider(f"DELETE {SCA}/internal_numbers/{{numberId}}")
def delete_internal_number(ctx: Context) -> None:
    _enrolled(ctx)
    number_id = ctx.path["numberId"]
    row = ctx.conn.execute(
        select(IN.c.phone_number_id).where(IN.c.account_id == ctx.account_id, IN.c.id == number_id)
    ).first()
    if row is None:
        raise _invalid("numberId", [{"field": "numberId", "message": f"Internal number {number_id} does not exist."}])
    ctx.conn.execute(delete(IN).where(IN.c.id == number_id))
    ctx.conn.execute(delete(PN).where(PN.c.id == row.phone_number_id))


@provider(f"DELETE {SCA}/numbers")
def delete_all_numbers(ctx: Context) -> None:
    _enrolled(ctx)
    ids = [r.phone_number_id for r in ctx.conn.execute(
        select(IN.c.phone_number_id).where(IN.c.account_id == ctx.account_id))]
    ctx.conn.execute(delete(IN).where(IN.c.account_id == ctx.account_id))
    for start in range(0, len(ids), 500):
        ctx.conn.execute(delete(PN).where(PN.c.account_id == ctx.account_id, PN.c.id.in_(ids[start:start + 500])))


@provider(f"POST {SCA}/numbers")
def assign_numbers(ctx: Context) -> dict[str, Any]:
    """Copy internal numbers of the calling master into the account (a sub account, usually)."""
    _enrolled(ctx)
    raw = _items(ctx, "phone_numbers")
    wanted = [item.get("number") if isinstance(item, dict) else None for item in raw]
    pool = {r.number: r for r in ctx.conn.execute(
        _internal_select().where(IN.c.account_id == ctx.principal.account_id,
                                 PN.c.number.in_([w for w in wanted if isinstance(w, str)])))}
    problems = []
    for i, number in enumerate(wanted):
        if number not in pool:
            problems.append({"field": f"phone_numbers[{i}].number",
                             "message": f"{number} is not an internal number of the master account."})
        elif number in wanted[:i]:
            problems.append({"field": f"phone_numbers[{i}].number", "message": "Duplicate number in the request."})
    if problems:
        raise _invalid("phone_numbers", problems)
    items = [{
        "number": n, "labels": pool[n].labels, "display_number": pool[n].display_number,
        "visible": pool[n].visible, "allow_join": pool[n].allow_join,
        "allow_for_external_meetings": pool[n].allow_for_external_meetings, "type": pool[n].type,
        "country": pool[n].country, "languages": pool[n].languages,
    } for n in wanted]
    _insert_internal(ctx, ctx.account_id, items, assigned_from=ctx.principal.account_id, field="phone_numbers")
    return {"phone_numbers": [{"number": n} for n in wanted]}


@provider("GET /sip_trunk/numbers")
def list_sip_trunk_numbers(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    rows = ctx.conn.execute(
        _internal_select().where(IN.c.account_id == ctx.principal.account_id).order_by(IN.c.pk)
    ).all()
    return {"total_records": len(rows), "phone_numbers": [
        {"number": r.number, "display_number": r.display_number, "country": r.country, "type": int(r.type)}
        for r in rows
    ]}


# --- SIP trunks -----------------------------------------------------------------------------------


def _trunk_view(row, caller_id: bool = True) -> dict[str, Any]:  # noqa: ANN001
    out = {"id": row.trunk_id, "name": row.name, "number_prefix": row.number_prefix,
           "sip_server_address": row.sip_server_address, "dnis": row.dnis}
    if caller_id and row.outbound_caller_id is not None:
        out["outbound_caller_id"] = row.outbound_caller_id
    return out


@provider(f"GET {SCA}/trunks")
def list_sip_trunks(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    rows = ctx.conn.execute(select(TR).where(TR.c.account_id == ctx.account_id).order_by(TR.c.pk)).all()
    return {"total_records": len(rows), "sip_trunks": [_trunk_view(r) for r in rows]}


@provider(f"POST {SCA}/trunks")
def assign_sip_trunks(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    master = ctx.principal.account_id
    raw = _items(ctx, "sip_trunks")
    if ctx.account_id == master:
        raise _invalid("sip_trunks", [{"field": "accountId",
                                       "message": "SIP trunks are assigned to a sub account, not to the master."}])
    own = {r.trunk_id: r for r in ctx.conn.execute(
        select(TR).where(TR.c.account_id == master, TR.c.source_id.is_(None)))}
    if not own:
        raise ApiError(400, 300, NO_TRUNK_CONFIGS)
    assigned = {r.trunk_id for r in ctx.conn.execute(select(TR.c.trunk_id).where(TR.c.account_id == ctx.account_id))}
    used_dnis = {r.dnis for r in ctx.conn.execute(select(TR.c.dnis).where(TR.c.master_id == master))}
    problems: list[dict[str, str]] = []
    rows: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        where = f"sip_trunks[{i}]"
        if not isinstance(item, dict):
            problems.append({"field": where, "message": "Must be an object."})
            continue
        trunk_id, dnis = item.get("id"), item.get("dnis")
        source = own.get(trunk_id) if isinstance(trunk_id, str) else None
        if source is None:
            problems.append({"field": f"{where}.id", "message": "Not a SIP trunk of the master account."})
        elif trunk_id in assigned:
            problems.append({"field": f"{where}.id", "message": "The SIP trunk is already assigned to the account."})
        if not isinstance(dnis, str) or not DNIS.match(dnis):
            problems.append({"field": f"{where}.dnis", "message": "The DNIS must be 5 to 8 digits."})
        elif source is not None and dnis[:5] != source.dnis[:5]:
            problems.append({"field": f"{where}.dnis",
                             "message": f"The DNIS must start with the master's DNIS prefix {source.dnis[:5]}."})
        elif dnis in used_dnis:
            problems.append({"field": f"{where}.dnis", "message": "The DNIS is already in use."})
        if source is None or problems:
            continue
        assigned.add(trunk_id)
        used_dnis.add(dnis)
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "master_id": master, "trunk_id": trunk_id,
            "source_id": source.id, "name": source.name, "number_prefix": source.number_prefix,
            "sip_server_address": source.sip_server_address, "dnis": dnis,
            "outbound_caller_id": item.get("outbound_caller_id"), **stamps(),
        })
    if problems:
        raise _invalid("sip_trunks", problems)
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(TR), rows)
    except IntegrityError:  # a concurrent request took the trunk or the DNIS meanwhile
        raise _invalid("sip_trunks", [{"field": "sip_trunks", "message": "The SIP trunk or DNIS is already in use."}]) from None
    return {"sip_trunks": [_trunk_view(_Obj(r), caller_id=False) for r in rows]}


@provider(f"DELETE {SCA}/trunks/{{trunkId}}")
def delete_sip_trunk(ctx: Context) -> None:
    """Removes a trunk from the account; a master's own trunk goes with its assignments."""
    _enrolled(ctx)
    trunk_id = ctx.path["trunkId"]
    done = ctx.conn.execute(delete(TR).where(TR.c.account_id == ctx.account_id, TR.c.trunk_id == trunk_id))
    if done.rowcount == 0:
        raise _invalid("trunkId", [{"field": "trunkId", "message": f"SIP trunk {trunk_id} does not exist."}])


@provider(f"PATCH {SCA}/settings")
def assign_sip_trunk_configuration(ctx: Context) -> None:
    _enrolled(ctx)
    body = _body(ctx)
    problems = [
        {"field": name, "message": f"Must be one of {', '.join(map(str, DISPLAY_SETTING))}."}
        for name in ("show_zoom_provided_callout_countries", "show_zoom_provided_numbers")
        if name in body and body[name] not in DISPLAY_SETTING
    ]
    if problems:
        raise ApiError(400, 300, "Validation Failed.", problems)
    values = {k: body[k] for k in ("enable", "show_callout_internal_number", "show_zoom_provided_callout_countries",
                                   "show_zoom_provided_numbers") if k in body}
    now = utcnow()
    done = ctx.conn.execute(update(ST).where(ST.c.account_id == ctx.account_id).values(**values, updated_at=now))
    if done.rowcount == 0:
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(ST).values(account_id=ctx.account_id, **values, created_at=now, updated_at=now))
        except IntegrityError:  # a concurrent first PATCH: apply ours over it
            ctx.conn.execute(update(ST).where(ST.c.account_id == ctx.account_id).values(**values, updated_at=now))


# --- internal call-out countries --------------------------------------------------------------------


@provider(f"GET {SCA}/callout_countries")
def list_callout_countries(ctx: Context) -> dict[str, Any]:
    _enrolled(ctx)
    rows = ctx.conn.execute(select(CC.c.country).where(CC.c.account_id == ctx.account_id).order_by(CC.c.pk)).all()
    return {"total_records": len(rows), "callout_countries": [country_view(r.country) for r in rows]}


@provider(f"POST {SCA}/callout_countries")
def add_callout_countries(ctx: Context) -> dict[str, Any]:
    """Adds the countries; one the account already has stays as it is (no error)."""
    _enrolled(ctx)
    raw = _items(ctx, "callout_countries")
    codes: list[str] = []
    problems = []
    for i, item in enumerate(raw):
        code = item.get("id") if isinstance(item, dict) else None
        code = code.upper() if isinstance(code, str) else code
        if code not in COUNTRIES:
            problems.append({"field": f"callout_countries[{i}].id", "message": f"Unknown country: {code}."})
        elif code not in codes:
            codes.append(code)
    if problems:
        raise _invalid("callout_countries", problems)
    have = {r.country for r in ctx.conn.execute(select(CC.c.country).where(CC.c.account_id == ctx.account_id))}
    for code in codes:
        if code in have:
            continue
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(CC).values(account_id=ctx.account_id, country=code, **stamps()))
        except IntegrityError:  # added concurrently: it is there, as asked
            pass
    return {"callout_countries": [country_view(c) for c in codes]}


@provider(f"DELETE {SCA}/callout_countries/{{countryId}}")
def delete_callout_country(ctx: Context) -> None:
    _enrolled(ctx)
    code = ctx.path["countryId"].upper()
    done = ctx.conn.execute(delete(CC).where(CC.c.account_id == ctx.account_id, CC.c.country == code))
    if done.rowcount == 0:
        raise _invalid("countryId", [{"field": "countryId",
                                      "message": f"{ctx.path['countryId']} is not a call-out country of the account."}])
