"""Setting templates: /phone/setting_templates (list, add, get, update).

A template is a ``setting_templates`` row (name unique per account: a database constraint);
its settings (``policy``, ``profile``, ``user_settings``, as Get setting template details
documents them) live in ``details.settings``. Update merges them key by key.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ...countries import COUNTRIES
from ...http.context import Context
from ...http.errors import ApiError
from ...platform.accounts import account_options
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c
from .. import documents as docs
from .settings import multi_site_mode
from .views import TEMPLATE_SECTIONS, template_summary, template_view

ST = t.setting_templates
# The documented template types (the list's enum spells the auto receptionist "autReceptionist";
# "autoReceptionist" is accepted for it).
TYPES = ("user", "group", "autReceptionist", "commonArea", "zr", "interop")
TYPE_ALIASES = {"autoReceptionist": "autReceptionist"}
NAME_MAX = 64
DESCRIPTION_MAX = 255
PIN_LENGTH = (4, 10)
# Zoom Phone's audio prompt languages.
LANGUAGES = ("en-US", "en-GB", "en-AU", "es-US", "es-ES", "fr-CA", "fr-FR", "de-DE", "it-IT", "nl-NL", "pt-PT",
             "pt-BR", "ja", "ko-KR", "zh-CN", "zh-TW", "ru-RU", "da-DK", "sv-SE", "pl-PL", "tr-TR")


def _template(ctx: Context):  # noqa: ANN202
    key = ctx.path["templateId"]
    row = ctx.conn.execute(select(ST).where(ST.c.account_id == ctx.account_id, ST.c.id == key)).first()
    if row is None:
        raise ApiError(404, 404, f"Template does not exist: {key}.")
    return row


def _name(value: Any) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        raise c.invalid("name", "The template name is required.")
    if len(name) > NAME_MAX:
        raise c.invalid("name", f"The template name has {NAME_MAX} characters or fewer.")
    return name


def _description(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    if len(text) > DESCRIPTION_MAX:
        raise c.invalid("description", f"The description has {DESCRIPTION_MAX} characters or fewer.")
    return text


def _name_taken(name: str) -> ApiError:
    return ApiError(400, 300, f"Validation Failed. A template named {name!r} already exists.",
                    [{"field": "name", "message": "Template name already exists."}])


def _write(ctx: Context, stmt, name: str) -> None:  # noqa: ANN001
    """Insert/update; the UNIQUE(account_id, name) constraint settles a concurrent duplicate."""
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(stmt)
    except IntegrityError:
        raise _name_taken(name) from None


@provider("GET /phone/setting_templates")
def list_templates(ctx: Context) -> dict[str, Any]:
    stmt = select(ST).where(ST.c.account_id == ctx.account_id)
    site_id = ctx.query.get("site_id")
    if site_id:
        if not account_options(ctx.conn, ctx.account_id).get("multiple_sites"):
            raise ctx.error(300)
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise ApiError(400, 300, f"Site does not exist: {site_id}.")
        stmt = stmt.where(ST.c.site_id == site_id)
    rows, token, total, size = ctx.page(stmt, ST.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "templates": [template_summary(r) for r in rows]}


@provider("POST /phone/setting_templates")
def add_template(ctx: Context) -> dict[str, Any]:
    body = c.body(ctx)
    name = _name(body.get("name"))
    kind = TYPE_ALIASES.get(body.get("type"), body.get("type"))
    if kind not in TYPES:
        raise ctx.error(300)
    description = _description(body.get("description"))
    site_id = body.get("site_id")
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise ApiError(400, 300, f"Site does not exist: {site_id}.")
    elif multi_site_mode(ctx):
        raise c.invalid("site_id", "site_id is required when multiple sites are enabled.")
    else:
        main = c.main_site(ctx.conn, ctx.account_id)
        site_id = main.id if main is not None else None
    tid = new_id()
    _write(ctx, insert(ST).values(id=tid, account_id=ctx.account_id, site_id=site_id, name=name, type=kind,
                                  description=description, details={"settings": {}}, **stamps()), name)
    return {"id": tid, "name": name, "type": kind, "description": description}


@provider("GET /phone/setting_templates/{templateId}")
def get_template(ctx: Context) -> dict[str, Any]:
    return template_view(_template(ctx))


# --- update: the documented validation -----------------------------------------------------------

_RING_TYPES = ("simultaneous", "sequential")


def _check_profile(profile: dict[str, Any]) -> None:
    if "country" in profile and str(profile["country"]).upper() not in COUNTRIES:
        raise ApiError(400, 300, "The country code you entered is invalid. Provide a valid country code and try again.")
    if "area_code" in profile and not re.fullmatch(r"\d{0,6}", str(profile["area_code"] or "")):
        raise ApiError(400, 300, "The area code you entered is invalid. Provide a valid area code with a length "
                                 "between 0 to 6 digits and try again.")


def _check_pin(pin: Any) -> None:
    pin = str(pin)
    lo, hi = PIN_LENGTH
    if not pin.isdigit():
        raise ApiError(400, 300, "PIN code could only include numbers.")
    if not lo <= len(pin) <= hi:
        raise ApiError(400, 300, f"Invalid PIN code. PIN code must be {lo} to {hi} digits long.")
    if len(set(pin)) == 1:
        raise ApiError(400, 300, "Invalid PIN code. The PIN code must not contain a group of repeated digits.")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        raise ApiError(400, 300, "PIN code cannot be an ascending or descending group of digits.")


def _check_user_settings(us: dict[str, Any]) -> None:
    if "audio_prompt_language" in us and us["audio_prompt_language"] not in LANGUAGES:
        raise ApiError(400, 300, "The value you entered for the audio prompt language code is invalid.")
    if "pin_code" in (us.get("desk_phone") or {}):
        _check_pin(us["desk_phone"]["pin_code"])
    bh = (us.get("call_handling") or {}).get("business_hours") or {}
    if "ring_type" in bh and bh["ring_type"] not in _RING_TYPES:
        raise ApiError(400, 300, "You provided an invalid value for call handling ring type. The value of this "
                                 "field must either be “simultaneous” or “sequential”.")


def _check_policy(ctx: Context, policy: dict[str, Any], current: dict[str, Any]) -> None:
    """13800: without the account option ``caller_based_consent`` ('Enable Caller Based Consent
    Options'), the inbound and outbound recording start prompts must stay equal."""
    acr = policy.get("auto_call_recording")
    if not isinstance(acr, dict):
        return
    if account_options(ctx.conn, ctx.account_id).get("caller_based_consent"):
        return
    merged = docs.merge(current.get("auto_call_recording") or {}, acr)
    inbound = (merged.get("inbound_audio_notification") or {}).get("recording_start_prompt")
    outbound = (merged.get("outbound_audio_notification") or {}).get("recording_start_prompt")
    if inbound is not None and outbound is not None and inbound != outbound:
        raise ctx.error(13800)


@provider("PATCH /phone/setting_templates/{templateId}")
def update_template(ctx: Context) -> None:
    row = _template(ctx)
    body = c.body(ctx)
    values: dict[str, Any] = {}
    if "name" in body:
        values["name"] = _name(body["name"])
    if "description" in body:
        values["description"] = _description(body["description"])
    details = dict(row.details or {})
    settings = dict(details.get("settings") or {})
    _check_profile(body.get("profile") or {})
    _check_user_settings(body.get("user_settings") or {})
    _check_policy(ctx, body.get("policy") or {}, settings.get("policy") or {})
    changed = False
    for key in TEMPLATE_SECTIONS:
        if isinstance(body.get(key), dict):
            change = dict(body[key])
            if key == "profile" and "country" in change:
                change["country"] = str(change["country"]).upper()
            settings[key] = docs.merge(settings.get(key) or {}, change)
            changed = True
    if changed:
        details["settings"] = settings
        values["details"] = details
    if values:
        values["updated_at"] = utcnow()
        _write(ctx, update(ST).where(ST.c.id == row.id).values(**values), values.get("name", row.name))
    return None
