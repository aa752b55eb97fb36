"""Number Management queries and the rules shared by its operations.

Everything here takes a Connection and an account id: no function reads another
account's rows unless its name says so (the provider-exchange carrier view).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, and_, bindparam, cast, func, select
from sqlalchemy.engine import Connection

from ..countries import COUNTRIES as _COUNTRIES
from ..platform.accounts import account_options
from ..store import schema as t
from ..store.fast import joined_text

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
LOCAL = re.compile(r"^\d{2,15}$")

PRODUCTS = ("UNALLOCATED", "ZOOM_PHONE", "ZOOM_CONTACT_CENTER")
NUMBER_TYPES = ("Toll", "TollFree", "VirtualService", "Mobile", "SharedCost", "National", "ITFS")
SOURCES = ("Zoom", "ZoomPorted", "ZoomReserved", "ThirdPartyNumber", "BYOCCloud", "BYOCPremises")
STATUSES = ("Normal", "Pending")
BYOC_SOURCES = ("BYOCCloud", "BYOCPremises")
NATIVE_SOURCES = ("Zoom", "ZoomPorted", "ZoomReserved")
PORT_STATUSES = ("Not_Submitted", "Waiting", "Processing", "Successfully", "Rejected", "Canceled", "FOC")
SIP_GROUP_PRODUCTS = ("ZOOM_PHONE", "ZOOM_CONTACT_CENTER", "COMMON")

# extensions.type (the Phone API's camelCase names) -> Number Management's assigned_to_type.
ASSIGNEE_TYPES = {
    "user": "User",
    "callQueue": "CallQueue",
    "autoReceptionist": "AutoReceptionist",
    "ciscoPolycomRoom": "CiscoPolycomRoom",
    "zoomRoom": "CiscoPolycomRoom",
    "sharedLineGroup": "SharedLineGroup",
    "groupCallPickup": "GroupCallPickup",
    "commonArea": "CommonArea",
    "commonAreaPhone": "CommonArea",
    "emergencyNumberPool": "EmergencyNumberPool",
    "companyLocation": "CompanyLocation",
    "personalLocation": "PersonalLocation",
    "meetingService": "MeetingService",
    "localSurvivability": "LocalSurvivability",
    "localSurvivabilityEmergencyNumberPool": "LocalSurvivabilityEmergencyNumberPool",
    "microsoftTeamsResourceAccount": "MicrosoftTeamsResourceAccount",
    "distributionGroup": "DistributionGroup",
}

# Numbers that enter as local numbers are made E.164 with this table; E.164 numbers get
# their country from it.
COUNTRIES = _COUNTRIES
# Country code -> the country a number is attributed to when several share it.
_PREFERRED = {"1": "US", "7": "RU"}
_BY_CODE: dict[str, str] = {}
for _iso, (_code, _name) in COUNTRIES.items():
    _BY_CODE.setdefault(_code, _PREFERRED.get(_code, _iso))
_TOLL_FREE_NANP = ("800", "833", "844", "855", "866", "877", "888")


def is_e164(number: Any) -> bool:
    return isinstance(number, str) and bool(E164.match(number))


def country_of(number: str) -> str | None:
    """The ISO country of an E.164 number (longest matching calling code), if known."""
    digits = number[1:]
    for size in (3, 2, 1):
        iso = _BY_CODE.get(digits[:size])
        if iso:
            return iso
    return None


def normalise_number(raw: Any, country_iso: str | None) -> tuple[str | None, str | None]:
    """(E.164 number, None) or (None, failure reason) for a number as a client sent it.

    E.164 numbers are taken as they are; a local number (digits only, spaces, dashes, dots
    and parentheses ignored) needs ``country_iso`` and gets its calling code prepended.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None, "Phone Number format invalid"
    text = raw.strip()
    if text.startswith("+"):
        return (text, None) if E164.match(text) else (None, "Phone Number format invalid")
    local = re.sub(r"[\s\-().]", "", text)
    if not LOCAL.match(local):
        return None, "Phone Number format invalid"
    if not country_iso:
        return None, "country_iso is required for a local number"
    code = COUNTRIES[country_iso][0]
    if code == "1" and len(local) == 11 and local.startswith("1"):
        local = local[1:]  # a NANP number written with its trunk prefix
    elif local.startswith("0") and code != "39":
        local = local[1:]  # the national trunk prefix is not part of E.164 (Italy keeps it)
    number = f"+{code}{local}"
    return (number, None) if E164.match(number) else (None, "Phone Number format invalid")


def guess_number_type(number: str) -> str:
    """Zoom calculates the type when the client does not give it: NANP toll-free prefixes
    and the usual European free-phone ranges are TollFree, everything else Toll."""
    if number.startswith("+1") and number[2:5] in _TOLL_FREE_NANP:
        return "TollFree"
    if number.startswith(("+44800", "+44808", "+33800", "+49800", "+61180", "+3531800")):
        return "TollFree"
    return "Toll"


def location_of(number: str, iso: str | None) -> dict[str, str] | None:
    if iso and iso in COUNTRIES:
        return {"country": COUNTRIES[iso][1]}
    return None


# --- lookups ------------------------------------------------------------------------------------


def site(conn: Connection, account_id: str, site_id: str):  # noqa: ANN201
    return conn.execute(
        select(t.sites.c.id, t.sites.c.name).where(t.sites.c.account_id == account_id, t.sites.c.id == site_id)
    ).first()


def main_site_id(conn: Connection, account_id: str) -> str | None:
    return conn.execute(
        select(t.sites.c.id).where(t.sites.c.account_id == account_id)
        .order_by(t.sites.c.main.desc(), t.sites.c.pk).limit(1)
    ).scalar()


def sip_group(conn: Connection, account_id: str, group_id: str):  # noqa: ANN201
    return conn.execute(
        select(t.sip_groups).where(t.sip_groups.c.account_id == account_id, t.sip_groups.c.id == group_id)
    ).first()


def numbers_by_ids(conn: Connection, account_id: str, ids: Iterable[str]) -> dict[str, Any]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = conn.execute(
        select(t.phone_numbers).where(t.phone_numbers.c.account_id == account_id, t.phone_numbers.c.id.in_(ids))
    ).all()
    return {r.id: r for r in rows}


def numbers_by_number(conn: Connection, account_id: str, numbers: Iterable[str]) -> dict[str, Any]:
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        return {}
    rows = conn.execute(
        select(t.phone_numbers).where(
            t.phone_numbers.c.account_id == account_id, t.phone_numbers.c.number.in_(numbers)
        )
    ).all()
    return {r.number: r for r in rows}


def options(conn: Connection, account_id: str) -> dict[str, Any]:
    return account_options(conn, account_id)


def carrier_account(conn: Connection, code: int):  # noqa: ANN201
    """The provider-exchange partner account that holds carrier ``code`` (or None)."""
    for row in conn.execute(select(t.accounts.c.id, t.accounts.c.name, t.accounts.c.options)).all():
        opts = row.options or {}
        if opts.get("carrier_code") is not None and str(opts.get("carrier_code")) == str(code):
            return row
    return None


def carrier_name(row) -> str:  # noqa: ANN001
    return str((row.options or {}).get("carrier_name") or row.name)


# --- assignment side tables ---------------------------------------------------------------------

number_select_columns = (
    t.phone_numbers,
    t.sites.c.name.label("site_name"),
    t.sip_groups.c.display_name.label("sip_group_name"),
    t.extensions.c.type.label("assignee_type"),
    t.extensions.c.name.label("assignee_name"),
    t.extensions.c.extension_number.label("assignee_ext"),
    t.extensions.c.details.label("assignee_details"),
)


_PN = t.phone_numbers
# What views.number_view reads, and no more: a page of 100 rows decodes a fraction of the
# columns (no peering, timestamps, plan...), which is most of a list's per-row cost.
number_view_columns = (
    _PN.c.pk, _PN.c.id, _PN.c.number, _PN.c.allocated_product, _PN.c.number_type, _PN.c.source, _PN.c.status,
    _PN.c.capability, _PN.c.display_name, _PN.c.caller_id_name, _PN.c.carrier_code, _PN.c.carrier_name,
    _PN.c.emergency_address, _PN.c.address_update_required, _PN.c.emergency_address_update_time, _PN.c.site_id,
    _PN.c.assignee_id, _PN.c.sip_group_id, _PN.c.location,
    *number_select_columns[1:],
)


def _number_join():  # noqa: ANN202
    return (
        _PN.outerjoin(t.sites, t.sites.c.id == _PN.c.site_id)
        .outerjoin(t.sip_groups, t.sip_groups.c.id == _PN.c.sip_group_id)
        .outerjoin(t.extensions, t.extensions.c.id == _PN.c.assignee_id)
    )


def number_select():  # noqa: ANN201
    """phone_numbers with what the Number Management view shows of their site, SIP group and
    assignee: one query for a whole page."""
    return select(*number_select_columns).select_from(_number_join())


def number_view_select():  # noqa: ANN201
    """Like number_select(), with only the columns that views.number_view shows."""
    return select(*number_view_columns).select_from(_number_join())


# Everything views.number_view reads changes one of these: the number's id and row_version,
# which the database bumps on every update of the number (migration 0007) and when what the view
# shows of its assignee changes; and the account's names version, bumped when one of its sites or
# SIP groups is renamed (0008). The cache key of a rendered number (store/fast.py RenderCache),
# read from phone_numbers alone: the names version is one scalar subquery, run once a statement
# (every statement that reads the key binds the account as ``account_id``). Ids are random
# (store.util.new_id) and never given to another number; a state import, which brings ids and row
# versions back, draws new names versions (store/state.py). The row version is read as text,
# as a page's keys read it (number_view_keys).
_NAMES_VERSION = func.coalesce(
    select(t.number_view_versions.c.version)
    .where(t.number_view_versions.c.account_id == bindparam("account_id"))
    .scalar_subquery(),
    0,
).label("names_version")
number_view_key_columns = (_PN.c.id, cast(_PN.c.row_version, Text).label("view_row_version"), _NAMES_VERSION)
NUMBER_VIEW_KEY = tuple(c.name for c in number_view_key_columns)


def number_view_key_select():  # noqa: ANN201
    """The numbers' view cache keys only: no joins."""
    return select(*number_view_key_columns)


def number_view_keys(page):  # noqa: ANN001, ANN201
    """One row for ``page`` (a subquery of phone_numbers' pk, id and row_version, in pk order):
    its ids and its row versions, each joined in one text (store/fast.py joined_text), its
    largest pk, its count and the account's names version: a page's cache keys in one row."""
    return select(
        joined_text(page.c.id).label("ids"),
        joined_text(page.c.row_version).label("row_versions"),
        func.max(page.c.pk).label("top"),
        func.count().label("n"),
        _NAMES_VERSION,
    )


def number_view_versioned_select():  # noqa: ANN201
    """number_view_select() with the view cache key columns."""
    return select(*number_view_columns, *number_view_key_columns[1:]).select_from(_number_join())


def consent_usage(conn: Connection, consent_ids: list[str]) -> dict[str, int]:
    if not consent_ids:
        return {}
    rows = conn.execute(
        select(t.phone_numbers.c.sms_consent_id, func.count())
        .where(t.phone_numbers.c.sms_consent_id.in_(consent_ids))
        .group_by(t.phone_numbers.c.sms_consent_id)
    ).all()
    return {r[0]: int(r[1]) for r in rows}


def plan_usage(conn: Connection, account_id: str) -> dict[str, int]:
    """Plan name -> how many of the account's numbers are billed under it."""
    rows = conn.execute(
        select(t.phone_numbers.c.plan_name, func.count())
        .where(and_(t.phone_numbers.c.account_id == account_id, t.phone_numbers.c.plan_name.is_not(None)))
        .group_by(t.phone_numbers.c.plan_name)
    ).all()
    return {name: int(n) for name, n in rows}
