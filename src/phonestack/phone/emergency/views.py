"""Emergency addresses and emergency service locations: validation and serialization.

An emergency address is an ``emergency_addresses`` row: ``owner_id`` NULL and ``level`` 0 for a
company address of a site, ``owner_id`` = a user's extensions row and ``level`` 1 for a personal
address. The address fields live in ``details`` (address_line1, address_line2, city, state_code,
zip, country, vat_number). See docs/phone/emergency.md.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...countries import COUNTRIES
from ...http.errors import ApiError
from ...store import schema as t

EA = t.emergency_addresses
LOC = t.locations

COMPANY, PERSONAL = 0, 1
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state_code", "zip", "country", "vat_number")
MAX_FIELD = 255  # "The field can not exceed {0} characters."

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP UM".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
STATE_CODES = {"US": US_STATES, "CA": CA_PROVINCES}
# "For Belgium, Netherlands, Portugal, Spain, and Switzerland, this field is required."
VAT_COUNTRIES = frozenset({"BE", "NL", "PT", "ES", "CH"})
# Countries whose addresses need a ZIP / postal code (phonestack's choice: the big postal systems).
ZIP_COUNTRIES = frozenset({"US", "CA", "GB", "AU", "DE", "FR", "NL", "BE", "ES", "PT", "CH", "IT", "JP", "IN",
                           "NZ", "IE", "SE", "NO", "DK", "FI", "AT", "BR", "MX"})
ZIP_FORMATS = {"US": re.compile(r"^\d{5}(-\d{4})?$"), "CA": re.compile(r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$")}


def error(message: str, field: str | None = None) -> ApiError:
    """400 / 300 with the documented message (and the field that failed, when known)."""
    return ApiError(400, 300, message, [{"field": field, "message": message}] if field else None)


# --- addresses ---------------------------------------------------------------------------------


def clean_address(data: dict[str, Any], *, field: str = "", city_required: bool = True,
                  vat_required: bool = False) -> dict[str, str]:
    """The address fields of ``data``, trimmed and checked as documented: line 1 and country
    required, country an ISO 3166 alpha-2 code, a valid state code in US/CA, a ZIP where the
    country has postal codes (US and CA formats checked), the city (Add an emergency address
    requires it), a VAT number in BE/NL/PT/ES/CH (batch locations)."""
    out: dict[str, str] = {}
    for key in ADDRESS_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise error("Validation Failed.", field + key)
        value = value.strip()
        if len(value) > MAX_FIELD:
            raise error(f"The field can not exceed {MAX_FIELD} characters.", field + key)
        if value:
            out[key] = value
    if not out.get("address_line1"):
        raise error("Emergency address Line 1 is required.", field + "address_line1")
    country = out.get("country", "").upper()
    if not country:
        raise error("Emergency address country is required.", field + "country")
    if country not in COUNTRIES:
        raise error("Country information is invalid.", field + "country")
    out["country"] = country
    if city_required and not out.get("city"):
        raise error("Emergency address city is required.", field + "city")
    states = STATE_CODES.get(country)
    if states is not None:
        code = out.get("state_code", "").upper()
        if not code:
            raise error(f"Emergency address state code is required in {country}.", field + "state_code")
        if code not in states:
            raise error(f"Emergency address state code {out['state_code']} is invalid in {country}.",
                        field + "state_code")
        out["state_code"] = code
    if country in ZIP_COUNTRIES and not out.get("zip"):
        raise error(f"Emergency address zip is required in {country}.", field + "zip")
    fmt = ZIP_FORMATS.get(country)
    if fmt is not None:
        out["zip"] = out["zip"].upper()
        if not fmt.match(out["zip"]):
            raise error(f"Emergency address zip {out['zip']} is invalid in {country}.", field + "zip")
    if vat_required and country in VAT_COUNTRIES and not out.get("vat_number"):
        raise error(f"Emergency address VAT is required in {country}.", field + "vat_number")
    return out


def same_address(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all((a.get(k) or "").strip().lower() == (b.get(k) or "").strip().lower() for k in ADDRESS_FIELDS)


def address_fields(row, *, vat: bool = True) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id}
    for key in ADDRESS_FIELDS:
        if key == "vat_number" and not vat:
            continue
        if d.get(key):
            out[key] = d[key]
    out.setdefault("country", row.country)
    return out


def address_view(row, owners: dict[str, Any], sites: dict[str, dict[str, str]], *,  # noqa: ANN001
                 ext_as_string: bool = False) -> dict[str, Any]:
    """The documented shape of an emergency address (List / Get / Add / Update)."""
    out = address_fields(row, vat=False)
    out["is_default"] = bool(row.is_default)
    out["level"] = int(row.level)
    out["status"] = int(row.status)
    site_id = row.site_id
    owner = owners.get(row.owner_id) if row.owner_id else None
    if owner is not None:
        ext = owner.extension_number
        out["owner"] = {"id": owner.id, "name": owner.name}
        if ext is not None:
            out["owner"]["extension_number"] = str(ext) if ext_as_string else int(ext)
        site_id = owner.site_id or site_id  # a personal address follows its user's site
    if site_id in sites:
        out["site"] = sites[site_id]
    return out


def owners_of(conn: Connection, rows: list[Any]) -> dict[str, Any]:
    ids = {r.owner_id for r in rows if r.owner_id}
    if not ids:
        return {}
    ext = t.extensions
    return {r.id: r for r in conn.execute(
        select(ext.c.id, ext.c.name, ext.c.extension_number, ext.c.site_id).where(ext.c.id.in_(ids)))}


# --- locations ---------------------------------------------------------------------------------

MAC = re.compile(r"^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$")


def mac(value: Any) -> str | None:
    """A MAC address / BSSID normalised to 12 lower-case hex digits, or None if malformed."""
    if not isinstance(value, str):
        return None
    v = value.strip().lower()
    if not MAC.match(v):
        return None
    return v.replace(":", "").replace("-", "")


def split_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str):
        raise error("Validation Failed.")
    return [v.strip() for v in value.split(",") if v.strip()]


def check_ips(value: Any, field: str) -> str:
    """A comma-separated list of IP addresses or subnets; "" when empty."""
    items = split_list(value)
    for ip in items:
        try:
            if "/" in ip:
                ipaddress.ip_network(ip, strict=False)
            else:
                ipaddress.ip_address(ip)
        except ValueError:
            raise error("IP format error.", field) from None
    return ",".join(items)


def location_view(row, ctx_maps: dict[str, dict[str, Any]], *, identifier: bool = True,  # noqa: ANN001
                  vat: bool = True) -> dict[str, Any]:
    """The documented shape of an emergency service location, nested objects from real rows.
    ``ctx_maps``: {"addresses": {id: row}, "sites": {id: {id,name}}, "groups": {id: row},
    "numbers": {id: row}}."""
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id, "name": row.name}
    if identifier:
        out["identifier"] = d.get("identifier") or row.id
    if row.parent_id:
        out["parent_location_id"] = row.parent_id
    addr = ctx_maps["addresses"].get(row.emergency_address_id) if row.emergency_address_id else None
    if addr is not None:
        out["emergency_address"] = address_fields(addr, vat=vat)
    if row.site_id in ctx_maps["sites"]:
        out["site"] = ctx_maps["sites"][row.site_id]
    for key in ("bssid", "private_ip", "public_ip"):
        if d.get(key):
            out[key] = d[key]
    out["minimum_match_criteria"] = bool(d.get("minimum_match_criteria"))
    out["network_switches"] = [dict(s) for s in d.get("network_switches") or []]
    number = ctx_maps["numbers"].get(d.get("elin_phone_number_id")) if d.get("elin_phone_number_id") else None
    if number is not None:
        out["elin"] = {"phone_number": number.number, "phone_number_id": number.id}
    group = ctx_maps["groups"].get(d.get("sip_group_id")) if d.get("sip_group_id") else None
    if group is not None:
        out["sip_group"] = {"id": group.id, "display_name": group.display_name}
    return out
