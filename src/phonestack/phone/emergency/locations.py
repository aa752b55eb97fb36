"""Emergency service locations: list, add, batch add, get, update, delete.

A location is a ``locations`` row: a tree through ``parent_id`` (deleting a location deletes its
sub-locations), one site, a company emergency address, and in ``details`` its identifier,
network switches, BSSIDs, private and public IPs, ELIN number, SIP group and
minimum_match_criteria. See docs/phone/emergency.md for the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c
from .views import (
    COMPANY,
    EA,
    LOC,
    MAX_FIELD,
    check_ips,
    clean_address,
    error,
    location_view,
    mac,
    same_address,
    split_list,
)

PN = t.phone_numbers
SG = t.sip_groups
MAX_LOCATIONS = 5000  # "You can only access up to 5000 locations."
MAX_BATCH = 10  # "Locations size must be less than 10."
MAX_LEVEL = 5  # "You can only access up to {0} level." (a top location is level 1)
MAX_SWITCHES = 100  # "Network switches size must be less than 100."
MAX_BSSIDS = 100  # "Number bssid per location limited to less than 100."
E164 = re.compile(r"^\+?[1-9]\d{6,14}$")
ELIN_TAKEN = "A phone number can not be bound to multiple locations at the same time."
PARENT_ERROR = "There is an error with the parent location of the sub location."


# --- the account's locations, loaded once per request (at most 5000 small rows) -------------------


@dataclass
class State:
    rows: dict[str, Any] = field(default_factory=dict)

    def depth(self, loc_id: str | None) -> int:
        """Level of a location (a top location is 1)."""
        n, seen = 0, set()
        while loc_id and loc_id not in seen:
            seen.add(loc_id)
            n += 1
            row = self.rows.get(loc_id)
            loc_id = row.parent_id if row is not None else None
        return n

    def subtree_height(self, loc_id: str) -> int:
        """Levels below and including ``loc_id`` (1 for a leaf)."""
        children: dict[str, list[str]] = {}
        for r in self.rows.values():
            if r.parent_id:
                children.setdefault(r.parent_id, []).append(r.id)

        def height(i: str) -> int:
            return 1 + max((height(k) for k in children.get(i, [])), default=0)
        return height(loc_id)

    def descendants(self, loc_id: str) -> list[str]:
        out, todo = [], [loc_id]
        while todo:
            cur = todo.pop()
            out.append(cur)
            todo.extend(r.id for r in self.rows.values() if r.parent_id == cur)
        return out

    def identifiers(self, skip: str | None = None) -> dict[str, str]:
        return {(r.details or {}).get("identifier") or r.id: r.id for r in self.rows.values() if r.id != skip}

    def names(self, skip: str | None = None) -> set[str]:
        return {r.name.lower() for r in self.rows.values() if r.id != skip}

    def elins(self, skip: str | None = None) -> dict[str, str]:
        return {(r.details or {})["elin_phone_number_id"]: r.id for r in self.rows.values()
                if r.id != skip and (r.details or {}).get("elin_phone_number_id")}

    def switch_keys(self, skip: str | None = None) -> set[tuple]:
        return {_switch_key(s) for r in self.rows.values() if r.id != skip
                for s in (r.details or {}).get("network_switches") or []}


def _state(ctx: Context) -> State:
    return State({r.id: r for r in ctx.conn.execute(
        select(LOC).where(LOC.c.account_id == ctx.account_id).order_by(LOC.c.pk))})


def _location(ctx: Context):  # noqa: ANN202
    """The location of the path; unknown and other tenants' ids answer the documented
    400 / 400 "Location does not exist: {0}." on every operation."""
    key = ctx.path["locationId"]
    row = ctx.conn.execute(select(LOC).where(LOC.c.account_id == ctx.account_id, LOC.c.id == key)).first()
    if row is None:
        raise ApiError(400, 400, f"Location does not exist: {key}.")
    return row


def _maps(ctx: Context, rows: list[Any]) -> dict[str, dict[str, Any]]:
    addr_ids = {r.emergency_address_id for r in rows if r.emergency_address_id}
    num_ids = {(r.details or {}).get("elin_phone_number_id") for r in rows} - {None}
    group_ids = {(r.details or {}).get("sip_group_id") for r in rows} - {None}
    return {
        "addresses": {a.id: a for a in ctx.conn.execute(select(EA).where(EA.c.id.in_(addr_ids)))} if addr_ids else {},
        "sites": c.site_refs(ctx.conn, [r.site_id for r in rows]),
        "numbers": {n.id: n for n in ctx.conn.execute(select(PN.c.id, PN.c.number).where(PN.c.id.in_(num_ids)))}
        if num_ids else {},
        "groups": {g.id: g for g in ctx.conn.execute(select(SG.c.id, SG.c.display_name).where(SG.c.id.in_(group_ids)))}
        if group_ids else {},
    }


# --- field checks ----------------------------------------------------------------------------------


def _text(value: Any, fieldname: str, required: str) -> str:
    if value is not None and not isinstance(value, str):
        raise error("Validation Failed.", fieldname)
    text = (value or "").strip()
    if not text:
        raise error(required, fieldname)
    if len(text) > MAX_FIELD:
        raise error(f"The field can not exceed {MAX_FIELD} characters.", fieldname)
    return text


def _switch_key(s: dict[str, Any]) -> tuple:
    return (s.get("mac_address"), s.get("port") or "", s.get("port_prefix") or "",
            s.get("port_range_from") or "", s.get("port_range_to") or "")


def _switches(value: Any, fieldname: str) -> list[dict[str, str]]:
    """Network switches as documented: a MAC address each (12 hex digits, ':' or '-' separated or
    not; stored as 12 lower-case digits), and either a port label or a port prefix (not ending with
    a digit) with a range from <= to; at most 100; no duplicates."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise error("Validation Failed.", fieldname)
    if len(value) > MAX_SWITCHES:
        raise error(f"Network switches size must be less than {MAX_SWITCHES}.", fieldname)
    out, keys = [], set()
    for i, s in enumerate(value):
        f = f"{fieldname}[{i}]"
        if not isinstance(s, dict):
            raise error("Validation Failed.", f)
        if not s.get("mac_address"):
            raise error("Switch MAC address is required.", f + ".mac_address")
        address = mac(s["mac_address"])
        if address is None:
            raise error("Mac Address format invalid.", f + ".mac_address")
        sw: dict[str, str] = {"mac_address": address}
        port, prefix = s.get("port"), s.get("port_prefix")
        start, end = s.get("port_range_from"), s.get("port_range_to")
        ranged = any(v not in (None, "") for v in (prefix, start, end))
        if port not in (None, "") and ranged:
            raise error("The port cannot be passed with the port_prefix and port range.", f + ".port")
        if port not in (None, ""):
            sw["port"] = _text(str(port), f + ".port", "Validation Failed.")
        elif ranged:
            if prefix in (None, "") or start in (None, "") or end in (None, ""):
                raise error("The port_prefix, port_range_from and port_range_to are passed together.", f)
            prefix = str(prefix).strip()
            if not prefix or prefix[-1].isdigit():
                raise error("The port prefix cannot end with a digit.", f + ".port_prefix")
            start, end = str(start).strip(), str(end).strip()
            if not start.isdigit() or not end.isdigit():
                raise error("The port range must be non-negative integers.", f + ".port_range_from")
            if int(start) > int(end):
                raise error("The port_range_from must be less than or equal to port_range_to.",
                            f + ".port_range_from")
            sw.update(port_prefix=prefix, port_range_from=start, port_range_to=end)
        key = _switch_key(sw)
        if key in keys:
            raise error("Duplicate Switch Info found.", f)
        keys.add(key)
        out.append(sw)
    return out


def _bssids(value: Any, fieldname: str) -> str:
    """A comma-separated list of BSSIDs (MAC format), at most 100; stored as aa:bb:cc:dd:ee:ff."""
    items = split_list(value)
    if len(items) > MAX_BSSIDS:
        raise error(f"Number bssid per location limited to less than {MAX_BSSIDS}.", fieldname)
    out: list[str] = []
    for item in items:
        m = mac(item)
        if m is None:
            raise error("BSSID format error.", fieldname)
        text = ":".join(m[i:i + 2] for i in range(0, 12, 2))
        if text not in out:
            out.append(text)
    return ",".join(out)


def _elin(ctx: Context, value: Any, fieldname: str):  # noqa: ANN202
    """The ELIN phone number: an id of the account's phone numbers or a number in E.164."""
    key = str(value).strip()
    row = ctx.conn.execute(select(PN.c.id, PN.c.number).where(PN.c.account_id == ctx.account_id, PN.c.id == key)
                           ).first()
    if row is not None:
        return row
    if not E164.match(key):
        raise error("Phone number format invalid.", fieldname)
    number = key if key.startswith("+") else "+" + key
    row = ctx.conn.execute(select(PN.c.id, PN.c.number).where(PN.c.account_id == ctx.account_id,
                                                              PN.c.number == number)).first()
    if row is None:
        raise error("Phone number does not exist.", fieldname)
    return row


def _sip_group(ctx: Context, *, group_id: Any = None, name: Any = None, fieldname: str):  # noqa: ANN202
    q = select(SG.c.id, SG.c.display_name).where(SG.c.account_id == ctx.account_id)
    q = q.where(SG.c.id == str(group_id)) if group_id is not None else q.where(SG.c.display_name == str(name))
    row = ctx.conn.execute(q.order_by(SG.c.pk).limit(1)).first()
    if row is None:
        raise error("SIP group does not exist.", fieldname)
    return row


def _company_address(ctx: Context, address_id: Any, site_id: str | None):  # noqa: ANN202
    row = ctx.conn.execute(select(EA).where(EA.c.account_id == ctx.account_id, EA.c.id == str(address_id))).first()
    if row is None:
        raise error(f"Emergency address does not exist {address_id}.", "emergency_address_id")
    if row.owner_id is not None:
        raise error("The emergency address of a location must be a company address, not a personal one.",
                    "emergency_address_id")
    if site_id is not None and row.site_id not in (None, site_id):
        raise error("The emergency address does not belong to the location's site.", "emergency_address_id")
    return row


def _site_of(ctx: Context, site_id: Any) -> str:
    if not isinstance(site_id, str) or c.site_row(ctx.conn, ctx.account_id, site_id) is None:
        raise error(f"Site does not exist: {site_id}.", "site_id")
    return site_id


def _capacity(ctx: Context, adding: int) -> None:
    n = ctx.conn.execute(select(func.count()).select_from(LOC).where(LOC.c.account_id == ctx.account_id)).scalar_one()
    if n + adding > MAX_LOCATIONS:
        raise error(f"You can only access up to {MAX_LOCATIONS} locations.")


def _insert(ctx: Context, rows: list[dict[str, Any]], conflict: str) -> None:
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(LOC), rows)
    except IntegrityError:  # a concurrent request took the name meanwhile (UNIQUE(account_id, name))
        raise error(conflict, "name") from None


# --- list / get ------------------------------------------------------------------------------------


@provider("GET /phone/locations")
def list_locations(ctx: Context) -> dict[str, Any]:
    stmt = select(LOC).where(LOC.c.account_id == ctx.account_id)
    if ctx.query.get("site_id"):
        stmt = stmt.where(LOC.c.site_id == ctx.query["site_id"])
    rows, token, total, size = ctx.page(stmt, LOC.c.pk)
    maps = _maps(ctx, rows)
    return {"locations": [location_view(r, maps) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("GET /phone/locations/{locationId}")
def get_location(ctx: Context) -> dict[str, Any]:
    row = _location(ctx)
    return location_view(row, _maps(ctx, [row]), vat=False)


# --- add / update / delete -------------------------------------------------------------------------


def _common_checks(ctx: Context, data: dict[str, Any], *, top: bool, current: dict[str, Any]) -> dict[str, Any]:
    """The network-identification fields of a location (add and update): ``current`` holds the
    stored values an update keeps. Returns the new details."""
    d = dict(current)
    if "public_ip" in data:
        d["public_ip"] = check_ips(data["public_ip"], "public_ip")
    if "private_ip" in data:
        d["private_ip"] = check_ips(data["private_ip"], "private_ip")
    if "bssid" in data:
        d["bssid"] = _bssids(data["bssid"], "bssid")
    if "network_switches" in data:
        d["network_switches"] = _switches(data["network_switches"], "network_switches")
    if "minimum_match_criteria" in data:
        d["minimum_match_criteria"] = bool(data["minimum_match_criteria"])
    if top and not d.get("public_ip"):
        raise error("A public IP is required.", "public_ip")
    if d.get("minimum_match_criteria") and not d.get("private_ip"):
        raise error("A private IP is required when minimum_match_criteria is true.", "private_ip")
    return {k: v for k, v in d.items() if v not in (None, "")}


@provider("POST /phone/locations")
def add_location(ctx: Context) -> Response:
    data = c.body(ctx)
    state = _state(ctx)
    name = _text(data.get("name"), "name", "A location name is required.")
    if not data.get("emergency_address_id"):
        raise error("An emergency address is required.", "emergency_address_id")
    parent = None
    if data.get("parent_location_id"):
        parent = state.rows.get(str(data["parent_location_id"]))
        if parent is None:
            raise error("Parent location does not exist.", "parent_location_id")
        if state.depth(parent.id) + 1 > MAX_LEVEL:
            raise error(f'You can only access up to "{MAX_LEVEL}" level.', "parent_location_id")
        site_id = parent.site_id
        if data.get("site_id") and data["site_id"] != site_id:
            _site_of(ctx, data["site_id"])
            raise error(PARENT_ERROR, "site_id")
    elif data.get("site_id"):
        site_id = _site_of(ctx, data["site_id"])
    else:
        site_id = None
    address = _company_address(ctx, data["emergency_address_id"], site_id)
    if site_id is None:
        site_id = address.site_id
        if site_id is None:
            main = c.main_site(ctx.conn, ctx.account_id)
            if main is None:
                raise error("A site ID is required.", "site_id")
            site_id = main.id
    top = parent is None
    details = _common_checks(ctx, data, top=top, current={})
    for key in details.get("network_switches") or []:
        if _switch_key(key) in state.switch_keys():
            raise error("Duplicate Switch Info found.", "network_switches")
    loc_id = new_id()
    details["identifier"] = loc_id
    if data.get("elin_phone_number_id"):
        number = _elin(ctx, data["elin_phone_number_id"], "elin_phone_number_id")
        if number.id in state.elins():
            raise error(ELIN_TAKEN, "elin_phone_number_id")
        details["elin_phone_number_id"] = number.id
    if data.get("sip_group_id") and top:  # "This only affects top locations"
        details["sip_group_id"] = _sip_group(ctx, group_id=data["sip_group_id"], fieldname="sip_group_id").id
    if name.lower() in state.names():
        raise error("This location name already exists.", "name")
    _capacity(ctx, 1)
    _insert(ctx, [{"id": loc_id, "account_id": ctx.account_id, "site_id": site_id,
                   "parent_id": parent.id if parent else None, "emergency_address_id": address.id,
                   "name": name, "details": details, **stamps()}], "This location name already exists.")
    return Response(201, {"id": loc_id, "name": name})


@provider("PATCH /phone/locations/{locationId}")
def update_location(ctx: Context) -> None:
    row = _location(ctx)
    data = c.body(ctx)
    state = _state(ctx)
    values: dict[str, Any] = {}
    if "name" in data:
        name = _text(data["name"], "name", "A location name is required.")
        if name.lower() in state.names(skip=row.id):
            raise error("This location name already exists.", "name")
        values["name"] = name
    address_id = row.emergency_address_id
    if "emergency_address_id" in data:
        if data["emergency_address_id"] in (None, ""):
            address_id = None
        else:
            address_id = _company_address(ctx, data["emergency_address_id"], row.site_id).id
        values["emergency_address_id"] = address_id
    current = dict(row.details or {})
    details = _common_checks(ctx, data, top=row.parent_id is None, current=current)
    if "network_switches" in data:
        taken = state.switch_keys(skip=row.id)
        if any(_switch_key(s) in taken for s in details.get("network_switches") or []):
            raise error("Duplicate Switch Info found.", "network_switches")
    if "elin_phone_number_id" in data:
        details.pop("elin_phone_number_id", None)
        if data["elin_phone_number_id"] not in (None, ""):
            number = _elin(ctx, data["elin_phone_number_id"], "elin_phone_number_id")
            if number.id in state.elins(skip=row.id):
                raise error(ELIN_TAKEN, "elin_phone_number_id")
            details["elin_phone_number_id"] = number.id
    if details.get("elin_phone_number_id") and address_id is None:
        raise error("Cannot bind an ELIN if the location does not have an emergency address.",
                    "elin_phone_number_id")
    if "sip_group_id" in data and row.parent_id is None:
        details.pop("sip_group_id", None)
        if data["sip_group_id"] not in (None, ""):
            details["sip_group_id"] = _sip_group(ctx, group_id=data["sip_group_id"], fieldname="sip_group_id").id
    details["identifier"] = current.get("identifier") or row.id
    values.update(details=details, updated_at=utcnow())
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(update(LOC).where(LOC.c.id == row.id).values(**values))
    except IntegrityError:
        raise error("This location name already exists.", "name") from None
    return None


@provider("DELETE /phone/locations/{locationId}")
def delete_location(ctx: Context) -> None:
    row = _location(ctx)
    ids = _state(ctx).descendants(row.id)  # its sub-locations go with it
    ctx.conn.execute(delete(LOC).where(LOC.c.id.in_(ids)))
    return None


# --- batch -----------------------------------------------------------------------------------------


@provider("POST /phone/batch_locations")
def batch_add_locations(ctx: Context) -> Response:
    data = c.body(ctx)
    items = data.get("locations")
    if not isinstance(items, list) or not items:
        raise error("Validation Failed.", "locations")
    if len(items) > MAX_BATCH:
        raise error(f"Locations size must be less than {MAX_BATCH}.", "locations")
    site_id = _site_of(ctx, data["site_id"]) if data.get("site_id") else None
    if site_id is None:
        main = c.main_site(ctx.conn, ctx.account_id)
        if main is None:
            raise error("A site ID is required.", "site_id")
        site_id = main.id
    state = _state(ctx)
    existing_ids = state.identifiers()
    existing_names = state.names()
    elins = state.elins()
    switch_keys = state.switch_keys()
    groups: dict[str, Any] = {}
    plans: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    seen_names: set[str] = set()
    for i, item in enumerate(items):
        f = f"locations[{i}]."
        if not isinstance(item, dict):
            raise error("Validation Failed.", f"locations[{i}]")
        identifier = _text(item.get("identifier"), f + "identifier", "Identifier is required.")
        name = _text(item.get("display_name"), f + "display_name", "Location name is required.")
        if identifier in seen_ids:
            raise error("You cannot have duplicate identifiers.", f + "identifier")
        if identifier in existing_ids:
            raise error("This location identifier already exists.", f + "identifier")
        if name.lower() in seen_names:
            raise error("You cannot have duplicate location names.", f + "display_name")
        if name.lower() in existing_names:
            raise error("This location display_name already exists.", f + "display_name")
        seen_ids[identifier] = i
        seen_names.add(name.lower())
        parent_identifier = (item.get("parent_identifier") or "").strip() or None
        if parent_identifier == identifier:
            raise error("The parent_identifier can not be the value of the identifier of the same location.",
                        f + "parent_identifier")
        company = item.get("company_address")
        if not isinstance(company, dict):
            raise error("Emergency address Line 1 is required.", f + "company_address")
        address = clean_address(company, field=f + "company_address.", city_required=False, vat_required=True)
        details: dict[str, Any] = {"identifier": identifier}
        details["public_ip"] = check_ips(item.get("public_ip"), f + "public_ip")
        details["private_ip"] = check_ips(item.get("private_ip"), f + "private_ip")
        details["bssid"] = _bssids(item.get("bssid"), f + "bssid")
        details["network_switches"] = _switches(item.get("network_switches"), f + "network_switches")
        details["minimum_match_criteria"] = bool(item.get("minimum_match_criteria"))
        if details["minimum_match_criteria"] and not details["private_ip"]:
            raise error("A private IP is required when minimum_match_criteria is true.", f + "private_ip")
        for s in details["network_switches"]:
            if _switch_key(s) in switch_keys:
                raise error("Duplicate Switch Info found.", f + "network_switches")
            switch_keys.add(_switch_key(s))
        if item.get("elin") not in (None, ""):
            number = _elin(ctx, item["elin"], f + "elin")
            if number.id in elins:
                raise error(ELIN_TAKEN, f + "elin")
            elins[number.id] = identifier
            details["elin_phone_number_id"] = number.id
        if item.get("sip_group_name") not in (None, ""):
            gname = str(item["sip_group_name"])
            if gname not in groups:
                groups[gname] = _sip_group(ctx, name=gname, fieldname=f + "sip_group_name")
            details["sip_group_id"] = groups[gname].id
        plans.append({"i": i, "id": new_id(), "identifier": identifier, "name": name,
                      "parent_identifier": parent_identifier, "address": address, "details": details})
    # parents: a location of this batch or an existing one, by identifier; levels; public IPs
    by_identifier = {p["identifier"]: p for p in plans}
    for p in plans:
        f = f"locations[{p['i']}]."
        pid = p["parent_identifier"]
        if pid is None:
            p["parent_id"], p["level"] = None, 1
        elif pid in by_identifier:
            # walk up inside the batch: a cycle, or too many levels, is an error
            level, cur, seen = 1, p, set()
            while cur["parent_identifier"] in by_identifier:
                if cur["identifier"] in seen:
                    raise error(PARENT_ERROR, f + "parent_identifier")
                seen.add(cur["identifier"])
                cur = by_identifier[cur["parent_identifier"]]
                level += 1
            if cur["parent_identifier"] is not None:
                top_parent = state.rows.get(existing_ids.get(cur["parent_identifier"], ""))
                if top_parent is None:
                    raise error("Identifier can not be matched.", f + "parent_identifier")
                if top_parent.site_id != site_id:
                    raise error(PARENT_ERROR, f + "parent_identifier")
                level += state.depth(top_parent.id)
            p["parent_id"], p["level"] = by_identifier[pid]["id"], level
        elif pid in existing_ids:
            parent = state.rows[existing_ids[pid]]
            if parent.site_id != site_id:
                raise error(PARENT_ERROR, f + "parent_identifier")
            p["parent_id"], p["level"] = parent.id, state.depth(parent.id) + 1
        else:
            raise error("Identifier can not be matched.", f + "parent_identifier")
        if p["level"] > MAX_LEVEL:
            raise error(f"You can only access up to {MAX_LEVEL} level.", f + "parent_identifier")
        if p["parent_id"] is None and not p["details"]["public_ip"]:
            raise error("Public IP is required.", f + "public_ip")
        if p["parent_id"] is not None:
            p["details"].pop("sip_group_id", None)  # "This only affects top locations"
    _capacity(ctx, len(plans))
    # writes: each location's company address (an identical one of the site is reused), then the
    # locations, parents first
    site_addresses = ctx.conn.execute(select(EA).where(
        EA.c.account_id == ctx.account_id, EA.c.site_id == site_id, EA.c.owner_id.is_(None)).order_by(EA.c.pk)
    ).all()
    known: list[tuple[dict[str, Any], str]] = [(a.details or {}, a.id) for a in site_addresses]
    has_default = any(a.is_default for a in site_addresses)
    for p in plans:
        match = next((aid for fields, aid in known if same_address(fields, p["address"])), None)
        if match is None:
            match = new_id()
            ctx.conn.execute(insert(EA).values(
                id=match, account_id=ctx.account_id, site_id=site_id, owner_id=None, level=COMPANY,
                is_default=not has_default, status=1, country=p["address"]["country"], details=p["address"],
                **stamps()))
            has_default = True
            known.append((p["address"], match))
        p["address_id"] = match
    ordered = sorted(plans, key=lambda p: p["level"])
    _insert(ctx, [
        {"id": p["id"], "account_id": ctx.account_id, "site_id": site_id, "parent_id": p["parent_id"],
         "emergency_address_id": p["address_id"], "name": p["name"],
         "details": {k: v for k, v in p["details"].items() if v not in (None, "", [])} | {
             "minimum_match_criteria": p["details"]["minimum_match_criteria"],
             "network_switches": p["details"]["network_switches"]},
         **stamps()}
        for p in ordered
    ], "This location display_name already exists.")
    return Response(201, {"locations": [{"display_name": p["name"], "location_id": p["id"]} for p in plans]})

