"""Phone users: reading rows into the documented shapes (list item, profile, settings)."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...countries import COUNTRIES
from ...spec import operations
from ...store import schema as t
from .. import common as c
from .. import documents as docs

EXT = t.extensions
PN = t.phone_numbers

# extensions.status <-> the API's words. Rows made before this family say "active".
STATUS_API = {"active": "activate", "inactive": "deactivate", "pending": "pending"}
STATUS_ROW = {v: k for k, v in STATUS_API.items()}
ACTIVATION = {"activate": "activated", "deactivate": "not ready", "pending": "ready to activate"}

# Shared access members (phone_items kinds; the item id is the documented ``shared_id``).
VOICEMAIL_ACCESS = "voicemail_access"
AUTO_REC_ACCESS = "auto_call_recording_access"
AD_HOC_REC_ACCESS = "ad_hoc_call_recording_access"
ACCESS_KINDS = (VOICEMAIL_ACCESS, AUTO_REC_ACCESS, AD_HOC_REC_ACCESS)
# phone_members roles (container = the user)
DELEGATE = "delegation_assistant"
INTERCOM = "intercom"
# phone_items kinds read by the user endpoints whose writers come later (call simulator, SMS)
AI_SUMMARY = "ai_call_summary"
OPT_STATUS = "sms_opt_status"

_META = ("locked", "locked_by", "modified")


def api_status(row) -> str:  # noqa: ANN001
    return STATUS_API.get(row.status, "activate")


def _strip(value: Any) -> Any:
    """A documented example made a default: no lock, no sample ids."""
    if isinstance(value, dict):
        out = {k: _strip(v) for k, v in value.items() if k not in _META and k != "forward_to"}
        return out
    return value


_DEFAULTS: dict[str, dict[str, Any]] = {}


def policy_defaults() -> dict[str, Any]:
    """The profile's documented ``policy`` example without locks and sample members."""
    if "profile" not in _DEFAULTS:
        ex = docs.example_of(operations()["getUsersProfile"]).get("policy") or {}
        out = {k: _strip(v) for k, v in ex.items() if not k.endswith("_access_members")}
        ex2 = docs.example_of(operations()["getUserPolicyDetails"])
        for k, v in ex2.items():
            out.setdefault(k, _strip(v))
        _DEFAULTS["profile"] = out
    return copy.deepcopy(_DEFAULTS["profile"])


def policy_chain(account_id: str, user) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [("account", account_id), ("site", user.site_id), ("user", user.id)]


def resolved_policy(conn: Connection, account_id: str, user) -> dict[str, Any]:  # noqa: ANN001
    policy = docs.resolve(conn, policy_chain(account_id, user), "policy", policy_defaults())
    own = docs.load(conn, user.id, "policy")
    for key, value in policy.items():
        if isinstance(value, dict) and key in own and "locked_by" not in value:
            value["modified"] = True
    return policy


def plans_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Calling plans of extensions, with the billing account's name when one is set."""
    plans = c.calling_plans_of(conn, ids)
    billing = {p.get("billing_account_id") for ps in plans.values() for p in ps} - {None}
    if billing:
        names = dict(conn.execute(
            select(t.billing_accounts.c.id, t.billing_accounts.c.name).where(t.billing_accounts.c.id.in_(billing))
        ).all())
        for ps in plans.values():
            for p in ps:
                if p.get("billing_account_id") in names:
                    p["billing_account_name"] = names[p["billing_account_id"]]
    return plans


def list_item(row, plans, numbers, sites) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    status = api_status(row)
    out: dict[str, Any] = {
        "id": row.id, "phone_user_id": row.id, "extension_id": row.id, "name": row.name,
        "email": row.email or "", "status": status, "activation_status": ACTIVATION[status],
        "calling_plans": plans.get(row.id, []), "phone_numbers": numbers.get(row.id, []),
        "department": d.get("department") or "", "cost_center": d.get("cost_center") or "",
    }
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    if row.site_id in sites:
        out["site"] = sites[row.site_id]
    return out


def emergency_address(conn: Connection, account_id: str, user) -> dict[str, Any] | None:  # noqa: ANN001
    """The address chosen for the user (PATCH emergency_address_id), else the user's personal
    default address, else the default address of the user's site."""
    ea = t.emergency_addresses
    row = None
    chosen = (user.details or {}).get("emergency_address_id")
    if chosen:
        row = conn.execute(select(ea).where(ea.c.account_id == account_id, ea.c.id == chosen)).first()
    if row is None:
        row = conn.execute(select(ea).where(ea.c.owner_id == user.id, ea.c.is_default.is_(True))
                           .order_by(ea.c.pk).limit(1)).first()
    if row is None and user.site_id:
        row = conn.execute(select(ea).where(ea.c.account_id == account_id, ea.c.site_id == user.site_id,
                                            ea.c.owner_id.is_(None), ea.c.is_default.is_(True))
                           .order_by(ea.c.pk).limit(1)).first()
    if row is None:
        return None
    return address_view(row)


def address_view(row) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id, "country": row.country}
    for key in ("address_line1", "address_line2", "city", "state_code", "zip"):
        if d.get(key) is not None:
            out[key] = str(d[key])
    return out


def access_members(conn: Connection, user_id: str, kind: str) -> list[dict[str, Any]]:
    """Shared access members whose access user still exists."""
    items = c.items_of(conn, user_id, kind)
    ids = {(i.details or {}).get("access_user_id") for i in items}
    alive = set(conn.execute(select(EXT.c.id).where(EXT.c.id.in_(ids - {None})))
                .scalars()) if ids else set()
    out = []
    for i in items:
        d = i.details or {}
        if d.get("access_user_id") not in alive:
            continue
        m = {"access_user_id": d["access_user_id"], "allow_delete": bool(d.get("allow_delete")),
             "allow_download": bool(d.get("allow_download")), "shared_id": i.id}
        if kind == VOICEMAIL_ACCESS:
            m["access_user_type"] = d.get("access_user_type") or "user"
            m["allow_sharing"] = bool(d.get("allow_sharing"))
        out.append(m)
    return out


def legacy_voice_mail(member: dict[str, Any]) -> dict[str, Any]:
    """The deprecated ``voice_mail`` form of a voicemail access member."""
    return {"access_user_id": member["access_user_id"], "access_user_type": member.get("access_user_type", "user"),
            "delete": member["allow_delete"], "download": member["allow_download"],
            "shared_id": member["shared_id"]}


def profile(conn: Connection, account_id: str, user) -> dict[str, Any]:  # noqa: ANN001
    d = user.details or {}
    status = api_status(user)
    policy = resolved_policy(conn, account_id, user)
    policy["voicemail_access_members"] = access_members(conn, user.id, VOICEMAIL_ACCESS)
    policy["auto_call_recording_access_members"] = access_members(conn, user.id, AUTO_REC_ACCESS)
    policy["ad_hoc_call_recording_access_members"] = access_members(conn, user.id, AD_HOC_REC_ACCESS)
    out: dict[str, Any] = {
        "id": user.id, "phone_user_id": user.id, "extension_id": user.id, "name": user.name,
        "email": user.email or "", "status": "activate" if status == "activate" else "deactivate",
        "calling_plans": plans_of(conn, [user.id])[user.id],
        "phone_numbers": c.numbers_of(conn, [user.id])[user.id],
        "department": d.get("department") or "", "cost_center": d.get("cost_center") or "",
        "site_admin": bool(d.get("site_admin")), "policy": policy,
    }
    if user.extension_number is not None:
        out["extension_number"] = int(user.extension_number)
    if user.site_id:
        out["site_id"] = user.site_id
        site = c.site_refs(conn, [user.site_id]).get(user.site_id)
        if site:
            out["site"] = site
    address = emergency_address(conn, account_id, user)
    if address:
        out["emergency_address"] = address
    return out


def extension_ref(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"id": row.id, "extension_id": row.id, "display_name": row.name,
                           "extension_type": row.type}
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    return out


SETTINGS_DEFAULTS: dict[str, Any] = {
    "audio_prompt_language": "en-US",
    "default_transcription_language": "en-US",
    "music_on_hold_id": "",
}


def settings_doc(conn: Connection, account_id: str, user) -> dict[str, Any]:  # noqa: ANN001
    return docs.resolve(conn, policy_chain(account_id, user), "settings", SETTINGS_DEFAULTS)


def delegation(conn: Connection, user, doc: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    d = doc.get("delegation") or {}
    return {
        "assistants": [extension_ref(r) for r in c.members_of(conn, user.id, DELEGATE)],
        "privacy": bool(d.get("privacy", False)),
        "privileges": list(d.get("privileges") or [1, 2, 3]),
        "locked": bool(d.get("locked", False)),
    }


def devices_of(conn: Connection, user_id: str) -> list[Any]:
    dev, da = t.devices, t.device_assignments
    return conn.execute(
        select(dev, da.c.details.label("assignment"), da.c.pk.label("assignment_pk"))
        .join(da, da.c.device_id == dev.c.id).where(da.c.extension_id == user_id).order_by(da.c.pk)
    ).all()


DEVICE_POLICY = {"call_control": {"status": "off"}, "hot_desking": {"status": "off"}}


def settings(conn: Connection, account_id: str, user) -> dict[str, Any]:  # noqa: ANN001
    doc = settings_doc(conn, account_id, user)
    site = c.site_row(conn, account_id, user.site_id) if user.site_id else None
    numbers = c.numbers_of(conn, [user.id])[user.id]
    out: dict[str, Any] = {
        "audio_prompt_language": doc.get("audio_prompt_language", "en-US"),
        "default_transcription_language": doc.get("default_transcription_language", "en-US"),
        "music_on_hold_id": doc.get("music_on_hold_id", ""),
        "status": "Inactive" if api_status(user) == "deactivate" else "Active",
    }
    area = doc.get("area_code")
    if area is None and site is not None:
        prefix = str((site.details or {}).get("prefix") or "")
        area = prefix[2:5] if prefix.startswith("+1") else prefix[3:5]
    if area:
        out["area_code"] = area
    country = doc.get("country_iso_code") or (site.country if site is not None else None)
    if country in COUNTRIES:
        out["country"] = {"code": country, "country_code": COUNTRIES[country][0], "name": COUNTRIES[country][1]}
    if user.extension_number is not None:
        out["extension_number"] = int(user.extension_number)
    company = company_number(conn, account_id, user.site_id)
    if company:
        out["company_number"] = company
    out["delegation"] = delegation(conn, user, doc)
    # desk phones
    desk = doc.get("desk_phone") or {}
    devices = []
    for r in devices_of(conn, user.id):
        rd = r.details or {}
        item = {"id": r.id, "display_name": r.display_name, "mac_address": r.mac_address,
                "device_type": r.device_type, "status": r.status if r.status in ("online", "offline") else "offline",
                "policy": docs.merge(DEVICE_POLICY, (r.assignment or {}).get("policy") or {})}
        for k in ("private_ip", "public_ip"):
            if rd.get(k):
                item[k] = rd[k]
        devices.append(item)
    desk_out: dict[str, Any] = {"devices": devices, "phone_screen_lock": bool(desk.get("phone_screen_lock", False))}
    if desk.get("pin_code"):
        desk_out["pin_code"] = desk["pin_code"]
    if numbers:
        desk_out["keys_positions"] = {"primary_number": numbers[0]["number"]}
    out["desk_phone"] = desk_out
    # intercom
    intercom: dict[str, Any] = {"audio_intercoms": []}
    for r in c.members_of(conn, user.id, INTERCOM):
        md = r.member_details or {}
        entry = {"extension_id": r.id, "display_name": r.name, "extension_type": r.type,
                 "status": md.get("status", "active")}
        if r.extension_number is not None:
            entry["extension_number"] = str(r.extension_number)
        intercom["audio_intercoms"].append(entry)
    device_id = (doc.get("intercom") or {}).get("device_id")
    if device_id:
        dev = conn.execute(select(t.devices).where(t.devices.c.id == device_id)).first()
        if dev is not None:
            intercom["device"] = {"id": dev.id, "name": dev.display_name}
    out["intercom"] = intercom
    # outbound caller ID
    caller = (doc.get("outbound_caller") or {}).get("number")
    if caller is not None:
        out["outbound_caller"] = {"number": caller}
    ids = [{"number": n["number"], "name": user.name, "is_default": n["number"] == caller} for n in numbers]
    cid = t.caller_id_numbers
    for r in conn.execute(select(PN.c.number, PN.c.display_name).join(cid, cid.c.phone_number_id == PN.c.id)
                          .where(cid.c.owner_id == user.id).order_by(cid.c.pk)):
        if all(x["number"] != r.number for x in ids):
            ids.append({"number": r.number, "name": r.display_name or "", "is_default": r.number == caller})
    out["outbound_caller_ids"] = ids
    # shared access
    voicemail = access_members(conn, user.id, VOICEMAIL_ACCESS)
    out["voice_mail"] = [legacy_voice_mail(m) for m in voicemail]
    out["auto_call_recording_access_members"] = access_members(conn, user.id, AUTO_REC_ACCESS)
    out["ad_hoc_call_recording_access_members"] = access_members(conn, user.id, AD_HOC_REC_ACCESS)
    out["shared_lines_call_setting"] = shared_lines(conn, user, doc)
    return out


def executives(conn: Connection, user) -> list[Any]:  # noqa: ANN001
    """The users who made ``user`` their delegation assistant (shared line appearance)."""
    m = t.phone_members
    return conn.execute(
        select(EXT, m.c.pk.label("member_pk")).join(m, m.c.container_id == EXT.c.id)
        .where(m.c.member_id == user.id, m.c.role == DELEGATE).order_by(m.c.pk)
    ).all()


def executive_can_opt_out(conn: Connection, account_id: str, executive) -> bool:  # noqa: ANN001
    privileges = (settings_doc(conn, account_id, executive).get("delegation") or {}).get("privileges") or [1, 2, 3]
    return 5 in privileges


def shared_line_groups_of(conn: Connection, user) -> list[Any]:  # noqa: ANN001
    m = t.phone_members
    return conn.execute(
        select(EXT).join(m, m.c.container_id == EXT.c.id)
        .where(m.c.member_id == user.id, EXT.c.type == c.SHARED_LINE_GROUP).order_by(m.c.pk)
    ).all()


def shared_lines(conn: Connection, user, doc: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    s = doc.get("shared_lines_call_setting") or {}
    execs = s.get("executives") or {}
    groups = s.get("shared_line_groups") or {}
    return {
        "shared_line_appearances": {"executives": [
            {"user_id": e.id, "display_name": e.name, "receive_calls": bool(execs.get(e.id, True)),
             "allow_opt_out": executive_can_opt_out(conn, e.account_id, e)}
            for e in executives(conn, user)
        ]},
        "shared_line_groups": {
            "receive_calls": bool(groups.get("receive_calls", True)),
            "shared_line_group": [
                {"slg_id": g.id, "display_name": g.name, "receive_calls": bool((groups.get("by_id") or {}).get(g.id, True))}
                for g in shared_line_groups_of(conn, user)
            ],
        },
    }


def company_number(conn: Connection, account_id: str, site_id: str | None) -> str | None:
    """The site's company number: the first number of an auto receptionist of the site (of the
    account's main auto receptionist when the site has none)."""
    q = (select(PN.c.number).join(EXT, EXT.c.id == PN.c.assignee_id)
         .where(EXT.c.account_id == account_id, EXT.c.type == c.AUTO_RECEPTIONIST))
    if site_id:
        row = conn.execute(q.where(EXT.c.site_id == site_id).order_by(EXT.c.pk, PN.c.pk).limit(1)).first()
        if row is not None:
            return row.number
    row = conn.execute(q.order_by(EXT.c.pk, PN.c.pk).limit(1)).first()
    return row.number if row is not None else None
