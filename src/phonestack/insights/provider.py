"""Dashboards and reports that are not calls: emergency-services metrics, location tracking,
operation logs, SMS and fax charges: providers (HTTP glue). See docs/messaging-and-insights.md.

Everything is computed at request time from the current state:

- users are ``extensions`` of type user; their emergency addresses ``emergency_addresses``
  (personal: ``owner_id``; company: the site's); company locations ``locations`` (network
  switches, BSSIDs, private and public IP ranges); desk phones ``devices`` (their network in
  ``details``: private_ip, public_ip, bssid, network_switch) with ``device_assignments``; what
  users' Zoom clients report (``client_locations``, insights' own table: platform, location
  sharing permission, last seen, network).
- operation logs read the audit trail (``audit_log``, one row per successful write request).
- charges apply insights/rates.py to the SMS messages and fax logs.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import and_, func, select

from ..http.context import Context
from ..http.errors import ApiError
from ..http.pagination import scope_of
from ..providers import provider
from ..store import schema as t
from . import audit, rates

EXT = t.extensions
EA = t.emergency_addresses
LOC = t.locations
DEV = t.devices
DA = t.device_assignments
CL = t.client_locations
PN = t.phone_numbers


# --- computed lists: keyset pages over a sorted Python list ---------------------------------------------


def page_list(ctx: Context, items: list[dict[str, Any]], key: str) -> tuple[list[dict[str, Any]], str, int, int]:
    """One page of ``items`` (sorted by the unique string ``key`` of each item, which is then
    removed): (page, next_page_token, total, page_size)."""
    items.sort(key=lambda x: x[key])
    size = ctx.page_size()
    scope = scope_of(ctx.op.operation_id, ctx.account_id, ctx.query)
    token = ctx.query.get("next_page_token")
    start = 0
    if token:
        last, _total = ctx.server.page_tokens.decode(token, scope, ctx.page_token_error())
        while start < len(items) and items[start][key] <= last:
            start += 1
    page = items[start:start + size]
    more = start + size < len(items)
    next_token = ctx.server.page_tokens.encode(scope, [page[-1][key], len(items)]) if more and page else ""
    for x in page:
        x.pop(key, None)
    return page, next_token, len(items), size


# --- users and their emergency state ------------------------------------------------------------------------


def _users(ctx: Context) -> list[Any]:
    s = t.sites
    return ctx.conn.execute(
        select(EXT.c.id, EXT.c.name, EXT.c.email, EXT.c.extension_number, EXT.c.site_id, EXT.c.pk,
               s.c.name.label("site_name"))
        .select_from(EXT.outerjoin(s, s.c.id == EXT.c.site_id))
        .where(EXT.c.account_id == ctx.account_id, EXT.c.type == "user", EXT.c.status != "deleted")
    ).all()


def _user_base(u: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"email": u.email or "", "extension_id": u.id, "user_display_name": u.name,
                           "site_id": u.site_id or "", "site_name": u.site_name or "", "_key": f"{u.pk:012d}"}
    if u.extension_number is not None:
        out["extension_number"] = int(u.extension_number)
    return out


def _personal(ctx: Context) -> dict[str, list[Any]]:
    """Personal emergency addresses by user, the default first."""
    out: dict[str, list[Any]] = {}
    for r in ctx.conn.execute(select(EA).where(EA.c.account_id == ctx.account_id, EA.c.owner_id.is_not(None))
                              .order_by(EA.c.is_default.desc(), EA.c.pk)):
        out.setdefault(r.owner_id, []).append(r)
    return out


def _clients(ctx: Context) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in ctx.conn.execute(select(CL).where(CL.c.account_id == ctx.account_id).order_by(CL.c.pk)):
        out.setdefault(r.extension_id, []).append(r)
    return out


def _page_records(ctx: Context, items: list[dict[str, Any]], field: str = "records") -> dict[str, Any]:
    page, token, total, size = page_list(ctx, items, "_key")
    return {"next_page_token": token, "page_size": size, "total_records": total, field: page}


@provider("GET /phone/metrics/emergency_services/default_emergency_address/users")
def default_emergency_address_users(ctx: Context) -> dict[str, Any]:
    """Every user; ``set`` when the user has a default personal emergency address (rather than
    falling back to the site's or the account's)."""
    personal = _personal(ctx)
    items = []
    for u in _users(ctx):
        rec = _user_base(u)
        rec["status"] = "set" if any(a.is_default for a in personal.get(u.id, [])) else "not_set"
        items.append(rec)
    return _page_records(ctx, items)


@provider("GET /phone/metrics/emergency_services/detectable_personal_location/users")
def detectable_personal_location_users(ctx: Context) -> dict[str, Any]:
    """``set`` when the user has a personal emergency address and a Zoom client that shares its
    location (so that the client can detect the user at that personal location)."""
    personal, clients = _personal(ctx), _clients(ctx)
    items = []
    for u in _users(ctx):
        rec = _user_base(u)
        sharing = any(c.location_sharing == "allowed" for c in clients.get(u.id, []))
        rec["status"] = "set" if personal.get(u.id) and sharing else "not_set"
        items.append(rec)
    return _page_records(ctx, items)


@provider("GET /phone/metrics/emergency_services/location_sharing_permission/users")
def location_sharing_permission_users(ctx: Context) -> dict[str, Any]:
    """The users whose Zoom clients reported their location permission, one entry per device."""
    clients = _clients(ctx)
    items = []
    for u in _users(ctx):
        if u.id not in clients:
            continue
        rec = _user_base(u)
        rec["device_permissions"] = [{"platform": c.platform, "location_sharing": c.location_sharing,
                                      "last_seen_time": int(c.last_seen_ts) * 1000} for c in clients[u.id]]
        items.append(rec)
    return _page_records(ctx, items, "user_permissions")


def _nomadic(numbers: list[Any]) -> tuple[str, int | None]:
    """(status, reason_for_disabling) from the user's numbers: enabled with a US/CA Zoom number;
    3 when none of the numbers is US/CA, 5 when the US/CA ones are all BYOC, 4 for extension-only
    users (no number)."""
    if not numbers:
        return "disabled", 4
    na = [n for n in numbers if n.country_iso in ("US", "CA")]
    if not na:
        return "disabled", 3
    if all((n.source or "").startswith("BYOC") for n in na):
        return "disabled", 5
    return "enabled", None


@provider("GET /phone/metrics/emergency_services/nomadic_emergency_services/users")
def nomadic_emergency_services_users(ctx: Context) -> dict[str, Any]:
    by_user: dict[str, list[Any]] = {}
    for n in ctx.conn.execute(select(PN.c.assignee_id, PN.c.country_iso, PN.c.source)
                              .where(PN.c.account_id == ctx.account_id, PN.c.assignee_id.is_not(None))):
        by_user.setdefault(n.assignee_id, []).append(n)
    items = []
    for u in _users(ctx):
        rec = _user_base(u)
        status, reason = _nomadic(by_user.get(u.id, []))
        rec["status"] = status
        if reason is not None:
            rec["reason_for_disabling"] = reason
        items.append(rec)
    return _page_records(ctx, items)


# --- where things are: matching a network to a company location ------------------------------------------------


def _ips(text: Any) -> list[Any]:
    nets = []
    for part in str(text or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            continue
    return nets


def _in(ip: str | None, nets: list[Any]) -> bool:
    if not ip:
        return False
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr.version == n.version and addr in n for n in nets)


def _port_matches(entry: dict[str, Any], port: str | None) -> bool:
    if entry.get("port"):
        return port is not None and str(entry["port"]) == str(port)
    prefix = entry.get("port_prefix")
    if prefix and port and str(port).startswith(prefix):
        rest = str(port)[len(prefix):]
        try:
            return int(entry.get("port_range_from") or 0) <= int(rest) <= int(entry.get("port_range_to") or 0)
        except ValueError:
            return False
    return not prefix  # a switch entry without port: any port


class Locator:
    """The account's company locations and addresses, and ``match(network)``: the location a
    device or client is at. A switch (MAC and port) match counts most, then a BSSID, then the
    private IP in a location's subnets, then the public IP; a location with
    ``minimum_match_criteria`` needs its private IP to match. Among equal matches the deepest
    location (a floor rather than its building) wins."""

    def __init__(self, ctx: Context) -> None:
        self.rows = ctx.conn.execute(select(LOC).where(LOC.c.account_id == ctx.account_id).order_by(LOC.c.pk)).all()
        by_id = {r.id: r for r in self.rows}
        self.depth = {}
        for r in self.rows:
            d, p, seen = 0, r.parent_id, set()
            while p and p in by_id and p not in seen:
                seen.add(p)
                d, p = d + 1, by_id[p].parent_id
            self.depth[r.id] = d
        self.details = {r.id: r.details if isinstance(r.details, dict) else orjson.loads(r.details or "{}")
                        for r in self.rows}
        self.addresses = {a.id: a for a in ctx.conn.execute(select(EA).where(EA.c.account_id == ctx.account_id))}
        self.sites = {s.id: s.name for s in ctx.conn.execute(select(t.sites.c.id, t.sites.c.name)
                                                             .where(t.sites.c.account_id == ctx.account_id))}

    def match(self, *, switch_mac: str | None = None, port: str | None = None, bssid: str | None = None,
              private_ip: str | None = None, public_ip: str | None = None) -> Any:
        best, best_score = None, (0, 0)
        mac = (switch_mac or "").replace(":", "").replace("-", "").lower()
        bss = (bssid or "").lower()
        for r in self.rows:
            d = self.details[r.id]
            score = 0
            private_ok = _in(private_ip, _ips(d.get("private_ip")))
            if mac and any(str(s.get("mac_address", "")).lower() == mac and _port_matches(s, port)
                           for s in d.get("network_switches") or []):
                score = 4
            elif bss and bss in [b.strip().lower() for b in str(d.get("bssid") or "").split(",") if b.strip()]:
                score = 3
            elif private_ok:
                score = 2
            elif _in(public_ip, _ips(d.get("public_ip"))):
                score = 1
            if score and d.get("minimum_match_criteria") and not private_ok:
                score = 0
            if score and (score, self.depth[r.id]) > best_score:
                best, best_score = r, (score, self.depth[r.id])
        return best

    def address(self, address_id: str | None) -> dict[str, Any]:
        a = self.addresses.get(address_id or "")
        if a is None:
            return {}
        return a.details if isinstance(a.details, dict) else orjson.loads(a.details or "{}")


def _where(loc: Locator, personal: list[Any] | None, net: dict[str, Any]) -> dict[str, Any]:
    """location_type, location_name, emergency address and site of a network (company location
    match, else the user's default personal address, else unknown)."""
    row = loc.match(**net)
    if row is not None:
        addr = loc.address(row.emergency_address_id)
        return {"location_type": "company", "location_name": row.name, "address": addr,
                "site_id": row.site_id, "site_name": loc.sites.get(row.site_id or "", "")}
    if personal:
        a = personal[0]
        addr = a.details if isinstance(a.details, dict) else orjson.loads(a.details or "{}")
        return {"location_type": "personal", "location_name": "Personal location", "address": addr,
                "site_id": None, "site_name": None}
    return {"location_type": "unknown", "location_name": "", "address": {}, "site_id": None, "site_name": None}


def _switch(mac: str | None, port: str | None) -> dict[str, Any] | None:
    if not mac:
        return None
    out = {"mac_address": mac}
    if port:
        out["port"] = str(port)
    return out


def _device_nets(ctx: Context) -> list[tuple[Any, dict[str, Any], list[Any]]]:
    """(device row, network facts, assignees) for every desk phone of the account."""
    devs = ctx.conn.execute(select(DEV).where(DEV.c.account_id == ctx.account_id).order_by(DEV.c.pk)).all()
    assignees: dict[str, list[Any]] = {}
    for r in ctx.conn.execute(select(DA.c.device_id, EXT.c.id, EXT.c.name, EXT.c.email, EXT.c.extension_number)
                              .join(EXT, EXT.c.id == DA.c.extension_id).where(DA.c.account_id == ctx.account_id)
                              .order_by(DA.c.pk)):
        assignees.setdefault(r.device_id, []).append(r)
    out = []
    for d in devs:
        det = d.details if isinstance(d.details, dict) else orjson.loads(d.details or "{}")
        sw = det.get("network_switch") if isinstance(det.get("network_switch"), dict) else {}
        net = {"switch_mac": sw.get("mac_address"), "port": sw.get("port"), "bssid": det.get("bssid"),
               "private_ip": det.get("private_ip"), "public_ip": det.get("public_ip")}
        out.append((d, net, assignees.get(d.id, [])))
    return out


def _fill_place(rec: dict[str, Any], place: dict[str, Any], fallback_site: tuple[str | None, str | None]) -> None:
    rec["location_type"] = place["location_type"]
    rec["location_name"] = place["location_name"]
    rec["emergency_address"] = place["address"].get("address_line1", "")
    site_id, site_name = place["site_id"] or fallback_site[0], place["site_name"] or fallback_site[1]
    if site_id:
        rec["site_id"], rec["site_name"] = site_id, site_name or ""


@provider("GET /phone/metrics/emergency_services/realtime_location/devices")
def realtime_location_devices(ctx: Context) -> dict[str, Any]:
    loc = Locator(ctx)
    items = []
    for d, net, people in _device_nets(ctx):
        rec: dict[str, Any] = {"device_id": d.id, "device_name": d.display_name, "mac_address": d.mac_address,
                               "_key": f"{d.pk:012d}"}
        for k in ("private_ip", "public_ip", "bssid"):
            if net.get(k):
                rec[k] = net[k]
        sw = _switch(net["switch_mac"], net["port"])
        if sw:
            rec["network_switch"] = sw
        _fill_place(rec, _where(loc, None, net), (d.site_id, loc.sites.get(d.site_id or "")))
        rec["assigned_info"] = [{"extension_id": p.id, "extension_number": int(p.extension_number or 0),
                                 "user_email": p.email or "", "user_display_name": p.name} for p in people]
        items.append(rec)
    return _page_records(ctx, items)


def _client_net(c: Any) -> dict[str, Any]:
    return {"switch_mac": c.switch_mac, "port": c.switch_port, "bssid": c.bssid, "private_ip": c.private_ip,
            "public_ip": c.public_ip}


@provider("GET /phone/metrics/emergency_services/realtime_location/users")
def realtime_location_users(ctx: Context) -> dict[str, Any]:
    """Users whose client shares its location (the most recently seen such client)."""
    loc, personal, clients = Locator(ctx), _personal(ctx), _clients(ctx)
    items = []
    for u in _users(ctx):
        sharing = sorted((c for c in clients.get(u.id, []) if c.location_sharing == "allowed"),
                         key=lambda c: -c.last_seen_ts)
        if not sharing:
            continue
        c = sharing[0]
        rec = _user_base(u)
        for k in ("private_ip", "public_ip", "bssid"):
            if getattr(c, k):
                rec[k] = getattr(c, k)
        sw = _switch(c.switch_mac, c.switch_port)
        if sw:
            rec["network_switch"] = sw
        _fill_place(rec, _where(loc, personal.get(u.id), _client_net(c)), (u.site_id, u.site_name))
        items.append(rec)
    return _page_records(ctx, items)


@provider("GET /phone/metrics/location_tracking")
def location_tracking(ctx: Context) -> dict[str, Any]:
    """Every tracked endpoint: each desk phone, and each location-sharing Zoom client, with the
    location it is detected at."""
    loc, personal, clients = Locator(ctx), _personal(ctx), _clients(ctx)
    items = []

    def entry(key: str, place: dict[str, Any], device: dict[str, Any], assignees: list[dict[str, Any]],
              sw: dict[str, Any] | None, site: tuple[str | None, str | None]) -> dict[str, Any]:
        addr = place["address"]
        rec: dict[str, Any] = {"_key": key, "type": place["location_type"], "name": place["location_name"],
                               "emergency_address": addr.get("address_line1", ""), "city": addr.get("city", ""),
                               "zip": addr.get("zip", ""), "country": addr.get("country", ""),
                               "device": device, "assignees": assignees}
        if sw:
            rec["network_switch"] = sw
        site_id, site_name = place["site_id"] or site[0], place["site_name"] or site[1]
        if site_id:
            rec["site"] = {"id": site_id, "name": site_name or ""}
        return rec

    for d, net, people in _device_nets(ctx):
        device = {"id": d.id, "name": d.display_name, "mac_address": d.mac_address,
                  **{k: net[k] for k in ("private_ip", "public_ip", "bssid") if net.get(k)}}
        items.append(entry(f"0{d.pk:012d}", _where(loc, None, net), device,
                           [{"id": p.id, "name": p.name, "extension_number": int(p.extension_number or 0)}
                            for p in people], _switch(net["switch_mac"], net["port"]),
                           (d.site_id, loc.sites.get(d.site_id or ""))))
    for u in _users(ctx):
        for c in clients.get(u.id, []):
            if c.location_sharing != "allowed":
                continue
            device = {"id": c.id, "name": f"Zoom client ({c.platform})",
                      **{k: getattr(c, k) for k in ("private_ip", "public_ip", "bssid") if getattr(c, k)}}
            assignee = {"id": u.id, "name": u.name}
            if u.extension_number is not None:
                assignee["extension_number"] = int(u.extension_number)
            items.append(entry(f"1{c.pk:012d}", _where(loc, personal.get(u.id), _client_net(c)), device, [assignee],
                               _switch(c.switch_mac, c.switch_port), (u.site_id, u.site_name)))
    page, token, total, size = page_list(ctx, items, "_key")
    return {"location_tracking": page, "next_page_token": token, "page_size": size, "total_records": total}


# --- reports -------------------------------------------------------------------------------------------------------


def _dates(ctx: Context, default_days: int = 30) -> tuple[date, date]:
    """``from``/``to`` when the contract carries them (UTC dates), else the 30 days up to today.
    A start older than 13 months is refused, as documented."""
    today = datetime.now(UTC).date()
    try:
        to = _as_date(ctx.query.get("to")) or today
        frm = _as_date(ctx.query.get("from")) or to - timedelta(days=default_days)
    except ValueError:
        raise ApiError(400, 300, "Validation Failed.") from None
    if frm > to:
        raise ApiError(400, 300, "Validation Failed.")
    return frm, to


def _as_date(v: Any) -> date | None:
    if not v:
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def _ts(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())


@provider("GET /phone/reports/operationlogs")
def operation_logs(ctx: Context) -> dict[str, Any]:
    """The audit trail (insights/audit.py): one entry per successful write request of the account,
    newest first, over ``from``/``to`` (UTC dates), optionally of one ``category_type``; keyset
    pages on the row's ``pk`` (descending)."""
    frm, to = _dates(ctx)
    AL = t.audit_log
    stmt = select(AL.c.pk, AL.c.ts, AL.c.operator, AL.c.category, AL.c.action, AL.c.detail).where(
        AL.c.account_id == ctx.account_id, AL.c.ts >= _ts(frm), AL.c.ts < _ts(to) + 86400)
    wanted = str(ctx.query.get("category_type") or "").strip()
    if wanted:
        # a known category matches itself whatever its case; anything else matches nothing
        stmt = stmt.where(AL.c.category == audit.categories().get(wanted.lower(), wanted))
    size = ctx.page_size()
    scope = scope_of(ctx.op.operation_id, ctx.account_id, ctx.query)
    total = None
    if ctx.query.get("next_page_token"):
        last, total = ctx.server.page_tokens.decode(ctx.query["next_page_token"], scope, ctx.page_token_error())
        stmt = stmt.where(AL.c.pk < int(last))
    if total is None:
        total = ctx.conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = ctx.conn.execute(stmt.order_by(AL.c.pk.desc()).limit(size + 1)).all()
    token = ""
    if len(rows) > size:
        rows = rows[:size]
        token = ctx.server.page_tokens.encode(scope, [rows[-1].pk, total])
    operators = _operators(ctx, {r.operator for r in rows})
    out = [{"action": r.action, "category_type": r.category, "operation_detail": r.detail,
            "operator": operators.get(r.operator, r.operator),
            "time": datetime.fromtimestamp(r.ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")} for r in rows]
    return {"next_page_token": token, "page_size": size, "total_records": total, "from": frm.isoformat(),
            "to": to.isoformat(), "operation_logs": out}


def _operators(ctx: Context, app_ids: set[str]) -> dict[str, str]:
    """The operator of each app: its account owner's email (the admin the app acts for), else the
    app's name."""
    if not app_ids:
        return {}
    A, ACC = t.apps, t.accounts
    rows = ctx.conn.execute(select(A.c.id, A.c.name, ACC.c.owner_email).join(ACC, ACC.c.id == A.c.account_id)
                            .where(A.c.id.in_(app_ids)))
    return {r.id: r.owner_email or r.name for r in rows}


DELIVERY = {"delivered": "Delivered", "sent": "Sent", "failed_to_send": "Failed to send",
            "failed_to_deliver": "Failed to deliver", "received": "Received", "unknown": "Unknown"}
DELIVERY_DETAIL = {
    "Delivered": "The message was successfully delivered to the intended recipient(s) on the mobile operator's network.",
    "Sent": "The message was sent to the mobile operator; no delivery receipt yet.",
    "Failed to send": "The message could not be sent to the mobile operator.",
    "Failed to deliver": "The mobile operator could not deliver the message to the recipient.",
    "Received": "The message was received.",
    "Unknown": "The delivery status is unknown.",
}


def sms_charge(direction: str, message_type: int, status: str, country: str, segments: int) -> tuple[int, int]:
    """(rate, total) in USD millionths for one message (see insights/rates.py)."""
    mms = message_type in (2, 4)
    rate = 0 if message_type == 6 else rates.sms_rate(country, mms)
    charged = direction == "out" and message_type != 6 and status != "failed_to_send"
    return rate, (rate * (1 if mms else segments) if charged else 0)


def _people(ctx: Context, ids: set[str]) -> dict[str, Any]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {r.id: r for r in ctx.conn.execute(select(EXT.c.id, EXT.c.email, EXT.c.extension_number)
                                              .where(EXT.c.id.in_(ids), EXT.c.account_id == ctx.account_id))}


@provider("GET /phone/reports/sms_charges")
def sms_charges(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    M = t.sms_messages
    stmt = select(M.c.seq_key, M.c.session_id, M.c.direction, M.c.message_type, M.c.country, M.c.segments,
                  M.c.data).where(M.c.account_id == ctx.account_id,
                                  and_(M.c.ts >= _ts(frm), M.c.ts < _ts(to) + 86400))
    rows, token, total, size = ctx.page(stmt, M.c.seq_key)
    msgs = [orjson.loads(r.data) for r in rows]
    owners = {p.get("owner", {}).get("id") for m in msgs for p in [m["sender"], *m["to_members"]]}
    people = _people(ctx, owners)
    out = []
    for r, m in zip(rows, msgs, strict=True):
        status = m.get("delivery_status", "unknown")
        rate, charge = sms_charge(r.direction, r.message_type, status, r.country, r.segments)
        sender, to_member = m["sender"], (m["to_members"] or [{}])[0]
        billing = sender if r.direction == "out" else to_member
        rec = {"session_id": r.session_id, "message_id": m["message_id"],
               "message_type": "MMS" if r.message_type in (2, 4) else "SMS",
               "from_number": sender["phone_number"], "from_display_name": sender.get("display_name", ""),
               "to_number": to_member.get("phone_number", ""), "to_display_name": to_member.get("display_name", ""),
               "sent_time": m["date_time"], "billing_number": billing.get("phone_number", ""),
               "rate": rates.money(rate), "currency": "USD", "total_charge": rates.money(charge),
               "delivery_status": DELIVERY.get(status, "Unknown")}
        rec["delivery_detail"] = DELIVERY_DETAIL[rec["delivery_status"]]
        for prefix, party in (("from", sender), ("to", to_member)):
            p = people.get((party.get("owner") or {}).get("id", ""))
            if p is not None:
                rec[f"{prefix}_email"] = p.email or ""
                if p.extension_number is not None:
                    rec[f"{prefix}_extension_number"] = str(p.extension_number)
        out.append(rec)
    return {"next_page_token": token, "page_size": size, "total_records": total, "from": frm.isoformat(),
            "to": to.isoformat(), "sms_charges": out}


def fax_charge(status: str, fax_type: str, country: str, pages: int) -> tuple[int, int, int]:
    """(rate, charged pages, total) in USD millionths for one outbound fax."""
    rate = rates.fax_rate(fax_type, country)
    charged = pages if status == "sent" else 0
    return rate, charged, rate * charged


@provider("GET /phone/reports/fax_charges")
def fax_charges(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    FL = t.fax_logs
    stmt = select(FL.c.sort_key, FL.c.fax_id, FL.c.ts, FL.c.pages, FL.c.country, FL.c.fax_type, FL.c.data).where(
        FL.c.account_id == ctx.account_id, FL.c.direction == "outbound", FL.c.ts >= _ts(frm),
        FL.c.ts < _ts(to) + 86400)
    rows, token, total, size = ctx.page(stmt, FL.c.sort_key)
    out = []
    for r in rows:
        d = orjson.loads(r.data)
        rate, charged, charge = fax_charge(d.get("status", "sent"), r.fax_type, r.country, r.pages)
        out.append({"fax_id": r.fax_id, "sender_number": d["sender_number"], "receiver_number": d["receiver_number"],
                    "billing_number": d["sender_number"], "end_time": d["create_time"], "charge_mode": "per_page",
                    "fax_type": r.fax_type, "unlimited": False, "total_pages": r.pages, "rate": rates.money(rate),
                    "currency": "USD", "currency_sign": "$", "charge_status": "calculated",
                    "charged_pages": charged, "total_charge": rates.money(charge)})
    return {"next_page_token": token, "page_size": size, "total_records": total, "from": frm.isoformat(),
            "to": to.isoformat(), "fax_charges": out}

