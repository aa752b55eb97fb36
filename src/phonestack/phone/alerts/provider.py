"""Alert settings: providers (HTTP glue).

An alert setting is a ``phone_items`` row of kind ``alert_setting`` owned by the account
(``details``: the documented fields, ``target_type`` and ``target_ids``). Targets are the
account itself, call queues, sites, users or desk phones of the account; a target deleted
since is not shown (and an alert left without targets reads with none). See
docs/phone/roles-policies-alerts.md.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c

EXT = t.extensions
IT = t.phone_items
KIND = "alert_setting"

# module -> rules
MODULE_RULES: dict[int, tuple[int, ...]] = {1: (1, 2, 3, 4, 5, 6, 7, 8), 2: (9,), 3: (10, 11, 12), 4: (13,), 5: (14,)}
RULE_MODULE = {r: m for m, rules in MODULE_RULES.items() for r in rules}
# target types: 1 User, 2 Account, 3 Call Queue, 4 Site, 5 Device
USER, ACCOUNT, CALL_QUEUE, SITE, DEVICE = 1, 2, 3, 4, 5
RULE_TARGET_TYPES: dict[int, tuple[int, ...]] = {
    **{r: (CALL_QUEUE,) for r in range(1, 9)}, 9: (ACCOUNT,), 10: (ACCOUNT, DEVICE), 11: (DEVICE,), 12: (SITE,),
    13: (USER,), 14: (SITE,),
}
# how many target ids each target type takes: (min, max)
TARGET_COUNTS = {CALL_QUEUE: (1, 100), ACCOUNT: (0, 0), DEVICE: (1, 5), SITE: (1, 1), USER: (1, 5)}
# condition types: 1 Threshold, 2 Warning, 3 Critical, 4 Alert, 5 Severity
THRESHOLD, WARNING, CRITICAL, ALERT, SEVERITY = 1, 2, 3, 4, 5
RULE_CONDITIONS: dict[int, tuple[int, ...]] = {
    1: (THRESHOLD, WARNING, CRITICAL), **{r: (WARNING, CRITICAL) for r in (2, 3, 4, 5, 6, 7, 8, 12, 13)},
    9: (SEVERITY,), 10: (ALERT,), 11: (ALERT,), 14: (SEVERITY,),
}
PERCENT_RULES = {1, 2, 3, 5, 7, 8, 12}
WAIT_SECONDS = {10, 15, 20, 25, 30, 45, 60, 120, 180, 240, 300, 600, 900, 1200, 1500, 1800}
THRESHOLD_VALUES = {15, 30, 60, 120, 180, 240, 300}
ALERT_VALUES = {5, 10, 15, 30, 60}
MEMBER_AVAILABILITY_RULES = (7, 8)
MEMBER_AVAILABILITY_LIMIT = 30  # "Alerts of rule 7 or rule 8 cannot exceed 30 in number."
MAX_EMAILS, MAX_CHANNELS = 10, 3
CHAT_MODULES = (1, 2, 3, 4)
TIME = re.compile(r"^([01]\d|2[0-3]):(00|30):00$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EDITABLE = ("alert_setting_name", "chat_channels", "email_recipients", "frequency", "rule_conditions", "status",
            "target_ids", "time_frame_from", "time_frame_to", "time_frame_type")


def _err(ctx: Context, code: int, *args: Any, field: str | None = None) -> ApiError:
    """The operation's documented error ``code`` with its {0}, {1} filled."""
    doc = ctx.op.error(code)
    message = doc.message if doc is not None else "Invalid parameters."
    for i, a in enumerate(args):
        message = message.replace("{" + str(i) + "}", str(a))
    return ApiError(doc.status if doc is not None else 400, code, message,
                    [{"field": field, "message": message}] if field else None)


def _field_error(ctx: Context, field: str) -> ApiError:
    """13018 "The value of alert field:{0} is invalid." (300 where the operation lacks it)."""
    if ctx.op.error(13018) is not None:
        return _err(ctx, 13018, field)
    return c.invalid(field, f"The value of alert field:{field} is invalid.")


def _row(ctx: Context):  # noqa: ANN202
    aid = ctx.path["alertSettingId"]
    row = c.get_item(ctx.conn, ctx.account_id, KIND, aid)
    if row is None:
        raise _err(ctx, 13003, aid)
    return row


# --- validation ----------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _conditions(ctx: Context, rule: int, conditions: Any) -> list[dict[str, Any]]:
    if not isinstance(conditions, list) or not conditions:
        raise _field_error(ctx, "rule_conditions")
    allowed = RULE_CONDITIONS[rule]
    out, seen = [], set()
    for cond in conditions:
        ctype = cond.get("rule_condition_type") if isinstance(cond, dict) else None
        value = cond.get("rule_condition_value") if isinstance(cond, dict) else None
        if ctype not in allowed:
            raise _err(ctx, 13015, rule, ctype)
        if ctype in seen:
            raise _err(ctx, 13020)
        seen.add(ctype)
        value = "" if value is None else str(value).strip()
        n = _int(value)
        if ctype == THRESHOLD:
            ok = n in THRESHOLD_VALUES
        elif ctype in (WARNING, CRITICAL):
            if rule in PERCENT_RULES:
                ok = n is not None and 1 <= n <= 100
            elif rule == 4:
                ok = n in WAIT_SECONDS
            elif rule == 13:
                ok = n is not None and 0 <= n <= 5
            else:  # rule 6, Number of Waiting Calls: a count (phonestack: 1-1000)
                ok = n is not None and 1 <= n <= 1000
        elif ctype == ALERT:
            ok = n in ALERT_VALUES
        else:
            ok = value in ("Warning", "Critical")
        if not ok:
            raise _err(ctx, 13017, ctype)
        out.append({"rule_condition_type": ctype, "rule_condition_value": value})
    # what each rule needs: its Threshold / Alert / Severity, or at least one of Warning and Critical
    need = {1: THRESHOLD, 9: SEVERITY, 10: ALERT, 11: ALERT, 14: SEVERITY}.get(rule)
    if need is not None and need not in seen:
        raise _err(ctx, 13016, rule, need)
    if need is None and not seen & {WARNING, CRITICAL}:
        raise _err(ctx, 13016, rule, WARNING)
    values = {x["rule_condition_type"]: x["rule_condition_value"] for x in out}
    if WARNING in values and CRITICAL in values and values[WARNING] == values[CRITICAL]:
        raise _err(ctx, 13021)
    return out


def _time_frame(ctx: Context, d: dict[str, Any]) -> None:
    ttype = d.get("time_frame_type")
    if ttype not in ("all_day", "specific_time"):
        raise _field_error(ctx, "time_frame_type")
    if ttype == "all_day":
        for k in ("time_frame_from", "time_frame_to"):
            if d.get(k) not in (None, "", "00:00:00"):
                raise _field_error(ctx, k)
        d["time_frame_from"] = d["time_frame_to"] = "00:00:00"
        return
    for k in ("time_frame_from", "time_frame_to"):
        if not isinstance(d.get(k), str) or not TIME.match(d[k]):
            raise _field_error(ctx, k)
    if d["time_frame_from"] >= d["time_frame_to"]:
        raise _field_error(ctx, "time_frame_to")


def _targets(ctx: Context, rule: int, ttype: int, ids: Any) -> list[str]:
    if ttype not in RULE_TARGET_TYPES[rule]:
        raise _err(ctx, 13013, rule, ttype)
    ids = [] if ids is None else ids
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise _err(ctx, 13006)
    ids = list(dict.fromkeys(ids))
    lo, hi = TARGET_COUNTS[ttype]
    if ttype == ACCOUNT:
        return []  # "You only need to specify the value of target_type"
    if not lo <= len(ids) <= hi:
        raise _err(ctx, 13006)
    found = _existing(ctx, ttype, ids)
    bad = [i for i in ids if i not in found]
    if bad:
        raise _err(ctx, 13014, bad[0])
    return ids


def _existing(ctx: Context, ttype: int, ids: list[str]) -> dict[str, Any]:
    """{id: row} of the targets of ``ttype`` that exist in the account."""
    if not ids:
        return {}
    if ttype == SITE:
        q = select(t.sites).where(t.sites.c.account_id == ctx.account_id, t.sites.c.id.in_(ids))
    elif ttype == DEVICE:
        q = select(t.devices).where(t.devices.c.account_id == ctx.account_id, t.devices.c.id.in_(ids))
    else:
        kind = c.USER if ttype == USER else c.CALL_QUEUE
        q = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == kind, EXT.c.id.in_(ids))
    return {r.id: r for r in ctx.conn.execute(q)}


def _recipients(ctx: Context, d: dict[str, Any]) -> None:
    emails = d.get("email_recipients")
    if emails is not None:
        if not isinstance(emails, list) or len(emails) > MAX_EMAILS:
            raise _err(ctx, 13007)
        for e in emails:
            if not isinstance(e, str) or not EMAIL.match(e):
                raise _field_error(ctx, "email_recipients")
        d["email_recipients"] = list(dict.fromkeys(emails))
    channels = d.get("chat_channels")
    if channels is not None:
        if not isinstance(channels, list) or len(channels) > MAX_CHANNELS:
            raise _err(ctx, 13008)
        if channels and d["module"] not in CHAT_MODULES:
            raise _field_error(ctx, "chat_channels")
        for ch in channels:
            if not isinstance(ch, dict) or not ch.get("chat_channel_name") or not ch.get("end_point"):
                raise _field_error(ctx, "chat_channels")
        d["chat_channels"] = [{k: ch[k] for k in ("chat_channel_name", "end_point", "token") if k in ch}
                              for ch in channels]
    if d.get("frequency") is not None and d["module"] not in CHAT_MODULES:
        raise _field_error(ctx, "frequency")


def _check_name(ctx: Context, name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _field_error(ctx, "alert_setting_name")
    if len(name.strip()) > 128:
        raise _field_error(ctx, "alert_setting_name")
    return name.strip()


def _conflicts(ctx: Context, d: dict[str, Any], exclude: str | None = None) -> None:
    """13004: the same rule on a target another alert has; 13005: an account-wide alert of a
    rule exists once."""
    for other in c.items_of(ctx.conn, ctx.account_id, KIND):
        od = other.details or {}
        if other.id == exclude or od.get("rule") != d["rule"]:
            continue
        if d["target_type"] == ACCOUNT and od.get("target_type") == ACCOUNT:
            raise _err(ctx, 13005)
        if set(od.get("target_ids") or []) & set(d["target_ids"]) and od.get("target_type") == d["target_type"]:
            raise _err(ctx, 13004)


# --- views ---------------------------------------------------------------------------------------


def _target_views(ctx: Context, d: dict[str, Any], *, full: bool) -> list[dict[str, Any]]:
    ttype = d.get("target_type")
    if ttype == ACCOUNT:
        name = ctx.conn.execute(select(t.accounts.c.name).where(t.accounts.c.id == ctx.account_id)).scalar() or ""
        return [{"target_id": ctx.account_id, "target_name": name, "target_type": ACCOUNT} if full
                else {"target_name": name}]
    ids = d.get("target_ids") or []
    found = _existing(ctx, ttype, ids)
    live = [found[i] for i in ids if i in found]
    if not full:
        return [{"target_name": r.display_name if ttype == DEVICE else r.name} for r in live]
    site_ids = [r.id if ttype == SITE else r.site_id for r in live]
    sites = c.site_refs(ctx.conn, site_ids)
    assignees: dict[str, list[dict[str, Any]]] = {}
    if ttype == DEVICE and live:
        da = t.device_assignments
        for a in ctx.conn.execute(select(da.c.device_id, EXT.c.id, EXT.c.name, EXT.c.type, EXT.c.extension_number)
                                  .join(EXT, EXT.c.id == da.c.extension_id)
                                  .where(da.c.device_id.in_([r.id for r in live])).order_by(da.c.pk)):
            view: dict[str, Any] = {"extension_id": a.id, "name": a.name}
            if a.type in (c.USER, c.COMMON_AREA):
                view["extension_type"] = a.type
            if a.extension_number is not None:
                view["extension_number"] = int(a.extension_number)
            assignees.setdefault(a.device_id, []).append(view)
    out = []
    for r in live:
        view = {"target_id": r.id, "target_type": ttype,
                "target_name": r.display_name if ttype == DEVICE else r.name}
        if ttype in (USER, CALL_QUEUE) and r.extension_number is not None:
            view["target_extension_number"] = int(r.extension_number)
        sid = r.id if ttype == SITE else r.site_id
        if sid in sites:
            view["site"] = sites[sid]
        if ttype == DEVICE:
            view["assignees"] = assignees.get(r.id, [])
        out.append(view)
    return out


def _view(ctx: Context, row, *, full: bool) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out: dict[str, Any] = {"alert_setting_id": row.id, "alert_setting_name": d.get("alert_setting_name", ""),
                           "module": d.get("module"), "rule": d.get("rule"),
                           "rule_conditions": d.get("rule_conditions") or [],
                           "targets": _target_views(ctx, d, full=full),
                           "time_frame_type": d.get("time_frame_type", "all_day"),
                           "time_frame_from": d.get("time_frame_from", "00:00:00"),
                           "time_frame_to": d.get("time_frame_to", "00:00:00")}
    if d.get("frequency") is not None:
        out["frequency"] = d["frequency"]
    out["email_recipients"] = d.get("email_recipients") or []
    if d.get("module") in CHAT_MODULES:
        out["chat_channels"] = d.get("chat_channels") or []
    out["status"] = d.get("status", 1)
    return out


# --- operations ----------------------------------------------------------------------------------


@provider("GET /phone/alert_settings")
def list_alert_settings(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.owner_id == ctx.account_id, IT.c.kind == KIND)
    rows, token, _total, size = ctx.page(stmt, IT.c.pk)
    return {"next_page_token": token, "page_size": size,
            "alert_settings": [_view(ctx, r, full=False) for r in rows]}


@provider("GET /phone/alert_settings/{alertSettingId}")
def get_alert_setting(ctx: Context) -> dict[str, Any]:
    return _view(ctx, _row(ctx), full=True)


def _validate(ctx: Context, d: dict[str, Any], *, exclude: str | None = None) -> dict[str, Any]:
    d["alert_setting_name"] = _check_name(ctx, d.get("alert_setting_name"))
    module, rule = _int(d.get("module")), _int(d.get("rule"))
    if module not in MODULE_RULES:
        raise _field_error(ctx, "module")
    if rule not in RULE_MODULE:
        raise _field_error(ctx, "rule")
    if RULE_MODULE[rule] != module:
        raise _err(ctx, 13012, module, rule)
    d["module"], d["rule"] = module, rule
    d["rule_conditions"] = _conditions(ctx, rule, d.get("rule_conditions"))
    ttype = _int(d.get("target_type"))
    if ttype not in TARGET_COUNTS:
        raise _field_error(ctx, "target_type")
    d["target_type"] = ttype
    d["target_ids"] = _targets(ctx, rule, ttype, d.get("target_ids"))
    _time_frame(ctx, d)
    _recipients(ctx, d)
    if d.get("status") is None:
        d["status"] = 1
    _conflicts(ctx, d, exclude)
    return d


@provider("POST /phone/alert_settings")
def add_alert_setting(ctx: Context) -> Response:
    body = c.body(ctx)
    d = {k: body[k] for k in ("alert_setting_name", "module", "rule", "rule_conditions", "target_type", "target_ids",
                              "time_frame_type", "time_frame_from", "time_frame_to", "frequency",
                              "email_recipients", "chat_channels", "status") if body.get(k) is not None}
    if d.get("module") in CHAT_MODULES and d.get("frequency") is None:
        d["frequency"] = 5  # phonestack's default
    d = _validate(ctx, d)
    if d["rule"] in MEMBER_AVAILABILITY_RULES:
        n = sum(1 for r in c.items_of(ctx.conn, ctx.account_id, KIND)
                if (r.details or {}).get("rule") in MEMBER_AVAILABILITY_RULES)
        if n >= MEMBER_AVAILABILITY_LIMIT:
            raise _err(ctx, 13022, d["module"], d["rule"])
    aid = c.add_item(ctx, ctx.account_id, KIND, d)
    return Response(201, {"alert_setting_id": aid, "alert_setting_name": d["alert_setting_name"]})


@provider("PATCH /phone/alert_settings/{alertSettingId}")
def update_alert_setting(ctx: Context) -> None:
    row = _row(ctx)
    body = c.body(ctx)
    d = dict(row.details or {})
    changes = {k: body[k] for k in EDITABLE if k in body and body[k] is not None}
    if not changes:
        return None
    if changes.get("time_frame_type") == "all_day":
        d.pop("time_frame_from", None)
        d.pop("time_frame_to", None)
    d.update(changes)
    if "target_ids" not in changes:
        # targets deleted since are dropped, so that the rest can be revalidated
        d["target_ids"] = [i for i in d.get("target_ids") or []
                           if i in _existing(ctx, d.get("target_type"), d.get("target_ids") or [])]
    d = _validate(ctx, d, exclude=row.id)
    c.update_item(ctx.conn, row.id, d)
    return None


@provider("DELETE /phone/alert_settings/{alertSettingId}")
def delete_alert_setting(ctx: Context) -> None:
    row = _row(ctx)
    c.delete_items(ctx.conn, ctx.account_id, KIND, [row.id])
    return None
