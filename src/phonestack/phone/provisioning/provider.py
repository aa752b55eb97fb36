"""Provision templates, firmware update rules and firmwares: providers (HTTP glue).

- A provision template is a ``phone_items`` row of kind ``provision_template`` owned by the
  account (``details``: name, description, content), the same rows the devices family checks
  when a desk phone is given a template (``devices.provision_template_id``). Its
  ``bound_device_count`` counts the account's devices that use it; deleting it detaches it
  from them.
- The firmwares are a constant catalog (``firmwares.py``).
- A firmware update rule is a ``phone_items`` row of kind ``firmware_update_rule`` owned by the
  account (``details``: site_id, device_type, device_model, version, restart_type); it names
  a version of the catalog and a site of the account; one rule per site and device model.

See docs/phone/provisioning-and-directories.md.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import utcnow
from .. import common as c
from ..account.settings import multi_site_mode
from . import firmwares as fw

IT = t.phone_items
DEV = t.devices
TEMPLATE = "provision_template"  # the kind devices/queries.py checks
RULE = "firmware_update_rule"
NAME_MAX = 255
DESCRIPTION_MAX = 1024
CONTENT_MAX = 65536
# Keys Zoom writes itself when it provisions a phone (its SIP lines and the provisioning
# server): a template may not set them. phonestack's list (the documents name none).
RESERVED_PREFIXES = ("account.",)
RESERVED_KEYS = {"static.auto_provision.server.url", "static.auto_provision.server.username",
                 "static.auto_provision.server.password", "static.auto_provision.custom.protect"}


# --- provision templates --------------------------------------------------------------------------


def _template_missing(_ctx: Context) -> ApiError:
    return ApiError(404, 404, "Provision template does not exist.")


def _template(ctx: Context):  # noqa: ANN202
    row = c.get_item(ctx.conn, ctx.account_id, TEMPLATE, ctx.path["templateId"])
    if row is None:
        raise _template_missing(ctx)
    return row


def _text(body: dict[str, Any], key: str, max_len: int, *, required: bool = False) -> str | None:
    if key not in body or body[key] is None:
        if required:
            raise c.invalid(key, f"{key} is required.")
        return None
    value = str(body[key]).strip() if key == "name" else str(body[key])
    if required and not value:
        raise c.invalid(key, f"{key} is required.")
    if len(value) > max_len:
        raise c.invalid(key, f"{key} is longer than {max_len} characters.")
    return value


def _check_content(content: str | None) -> None:
    """Each ``key = value`` line of the content; a reserved key answers 400 ``400``."""
    if not content:
        return
    for line in content.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key = line.split("=", 1)[0].strip()
        low = key.lower()
        if low in RESERVED_KEYS or low.startswith(RESERVED_PREFIXES):
            raise ApiError(400, 400, f"template should not contain reserved parameters (Key: {key}).")


def _check_name(ctx: Context, name: str, exclude: str | None = None) -> None:
    for r in c.items_of(ctx.conn, ctx.account_id, TEMPLATE):
        if r.id != exclude and str((r.details or {}).get("name", "")).casefold() == name.casefold():
            raise ApiError(400, 400, f"Provision template name ({name}) already exists.")


def _template_ids_of(details: dict[str, Any] | None) -> str:
    d = details or {}
    return str(d.get("provision_template_id") or d.get("provision_template") or "")


def _bound_counts(ctx: Context) -> dict[str, int]:
    """{template_id: number of the account's devices that use it} (the id is in the device's
    JSON details: counted in Python, the same on SQLite and PostgreSQL)."""
    out: dict[str, int] = {}
    for d in ctx.conn.execute(select(DEV.c.details).where(DEV.c.account_id == ctx.account_id)).scalars():
        tid = _template_ids_of(d)
        if tid:
            out[tid] = out.get(tid, 0) + 1
    return out


def _template_view(row: Any, bound: dict[str, int], *, content: bool = False) -> dict[str, Any]:
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id, "name": d.get("name", ""), "description": d.get("description", "")}
    if content:
        out["content"] = d.get("content", "")
    out["bound_device_count"] = bound.get(row.id, 0)
    return out


@provider("GET /phone/provision_templates")
def list_provision_templates(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.owner_id == ctx.account_id, IT.c.kind == TEMPLATE)
    rows, token, total, size = ctx.page(stmt, IT.c.pk)
    bound = _bound_counts(ctx) if rows else {}
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "provision_templates": [_template_view(r, bound) for r in rows]}


@provider("POST /phone/provision_templates")
def add_provision_template(ctx: Context) -> Response:
    body = c.body(ctx)
    name = _text(body, "name", NAME_MAX, required=True)
    assert name is not None
    description = _text(body, "description", DESCRIPTION_MAX) or ""
    content = _text(body, "content", CONTENT_MAX) or ""
    _check_content(content)
    _check_name(ctx, name)
    tid = c.add_item(ctx, ctx.account_id, TEMPLATE, {"name": name, "description": description, "content": content})
    return Response(201, {"id": tid, "name": name})


@provider("GET /phone/provision_templates/{templateId}")
def get_provision_template(ctx: Context) -> dict[str, Any]:
    row = _template(ctx)
    return _template_view(row, _bound_counts(ctx), content=True)


@provider("PATCH /phone/provision_templates/{templateId}")
def update_provision_template(ctx: Context) -> None:
    row = _template(ctx)
    body = c.body(ctx)
    details = dict(row.details or {})
    name = _text(body, "name", NAME_MAX)
    if name is not None:
        if not name:
            raise c.invalid("name", "name cannot be empty.")
        _check_name(ctx, name, exclude=row.id)
        details["name"] = name
    description = _text(body, "description", DESCRIPTION_MAX)
    if description is not None:
        details["description"] = description
    content = _text(body, "content", CONTENT_MAX)
    if content is not None:
        _check_content(content)
        details["content"] = content
    c.update_item(ctx.conn, row.id, details)
    return None


@provider("DELETE /phone/provision_templates/{templateId}")
def delete_provision_template(ctx: Context) -> None:
    row = _template(ctx)
    # detach it from the desk phones that use it
    for d in ctx.conn.execute(select(DEV.c.id, DEV.c.details).where(DEV.c.account_id == ctx.account_id)).all():
        if _template_ids_of(d.details) == row.id:
            details = dict(d.details or {})
            details.pop("provision_template", None)
            details["provision_template_id"] = ""
            ctx.conn.execute(update(DEV).where(DEV.c.id == d.id).values(details=details, updated_at=utcnow()))
    c.delete_items(ctx.conn, ctx.account_id, TEMPLATE, [row.id])
    return None


# --- firmwares ------------------------------------------------------------------------------------


def _device_models(ctx: Context, site_id: str | None) -> set[tuple[str, str]]:
    """The catalog (type, model) pairs of the account's desk phones (of one site)."""
    q = select(DEV.c.device_type, DEV.c.details).where(DEV.c.account_id == ctx.account_id)
    if site_id:
        q = q.where(DEV.c.site_id == site_id)
    out: set[tuple[str, str]] = set()
    for r in ctx.conn.execute(q):
        d = r.details or {}
        m = fw.model(d.get("brand") or "", d.get("model") or "")
        if m is None and r.device_type and " " in r.device_type:
            brand, _, rest = r.device_type.partition(" ")
            m = fw.model(brand, rest)
        if m is not None:
            out.add((m[0], m[1]))
    return out


@provider("GET /phone/firmwares")
def list_updatable_firmwares(ctx: Context) -> dict[str, Any]:
    # site_id and is_update are Zoom's query parameters of this operation (absent from the
    # contract so far): with them, only the models of the site's phones / the versions one can
    # update to.
    site_id = ctx.query.get("site_id")
    only_models = None
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, str(site_id)) is None:
            raise c.invalid("site_id", f"Site does not exist: {site_id}.")
        only_models = _device_models(ctx, str(site_id))
    updatable = ctx.query.get("is_update") is True
    out = []
    for dt, dm, versions in fw.CATALOG:
        if only_models is not None and (dt, dm) not in only_models:
            continue
        vs = [v for v in versions if v[1] == fw.AVAILABLE] if updatable else versions
        if vs:
            out.append(fw.view(dt, dm, vs))
    return {"firmwares": out}


# --- firmware update rules ------------------------------------------------------------------------


def _rule_missing(ctx: Context, rule_id: str) -> ApiError:
    for e in ctx.op.error_codes:
        if e.code == 404:
            msg = e.message
            if "rule" in msg.lower():
                # updateFirmwareUpdateRule joins two messages in one: keep the rule's
                part = next((p for p in re.split(r"(?<=\.) ", msg) if "rule" in p.lower()), msg)
                return ApiError(e.status, e.code, part.replace("{0}", rule_id))
    return ApiError(404, 404, f"The rule does not exist, rule id:{rule_id}.")


def _version_missing(version: str) -> ApiError:
    return ApiError(404, 404, f"The firmware version does not exist, firmware version:{version}.")


def _live_sites(ctx: Context) -> dict[str, str]:
    return dict(ctx.conn.execute(select(t.sites.c.id, t.sites.c.name).where(t.sites.c.account_id == ctx.account_id))
                .all())


def _rule(ctx: Context):  # noqa: ANN202
    rid = ctx.path["ruleId"]
    row = c.get_item(ctx.conn, ctx.account_id, RULE, rid)
    # a rule of a site deleted since is gone with it
    if row is None or (row.details or {}).get("site_id") not in _live_sites(ctx):
        raise _rule_missing(ctx, rid)
    return row


def _firmware(body: dict[str, Any]) -> tuple[str, str, tuple[str, int, str, str]]:
    """The catalog's (device_type, device_model, version) named by the body."""
    for key in ("device_type", "device_model", "version"):
        if not str(body.get(key) or "").strip():
            raise c.invalid(key, f"{key} is required.")
    m = fw.model(str(body["device_type"]), str(body["device_model"]))
    if m is None:
        raise c.invalid("device_model",
                        f"Device model does not exist: {body['device_type']} {body['device_model']}.")
    ver = str(body["version"]).strip()
    v = next((x for x in m[2] if x[0] == ver), None)
    if v is None or v[1] != fw.AVAILABLE:  # an unavailable or sunset version cannot be rolled out
        raise _version_missing(ver)
    return m[0], m[1], v


def _restart_type(body: dict[str, Any], default: int) -> int:
    rt = body.get("restart_type", default)
    if rt is None:
        return default
    if rt not in (1, 2) or isinstance(rt, bool):
        raise c.invalid("restart_type", "restart_type must be 1 or 2.")
    return int(rt)


def _check_unique(ctx: Context, site_id: str, device_type: str, device_model: str, exclude: str | None) -> None:
    for r in c.items_of(ctx.conn, ctx.account_id, RULE):
        d = r.details or {}
        if r.id != exclude and d.get("site_id") == site_id and d.get("device_type") == device_type \
                and d.get("device_model") == device_model:
            raise c.invalid("device_model", f"A firmware update rule for {device_type} {device_model} "
                                            "already exists in this site.")


def _rule_view(row: Any) -> dict[str, Any]:
    d = row.details or {}
    return {"rule_id": row.id, "version": d.get("version", ""), "device_type": d.get("device_type", ""),
            "device_model": d.get("device_model", "")}


@provider("GET /phone/firmware_update_rules")
def list_firmware_update_rules(ctx: Context) -> dict[str, Any]:
    sites = _live_sites(ctx)
    # site_id: Zoom's filter of this operation (absent from the contract so far)
    site_id = ctx.query.get("site_id")
    if site_id and site_id not in sites:
        raise c.invalid("site_id", f"Site does not exist: {site_id}.")
    keep = [r.pk for r in c.items_of(ctx.conn, ctx.account_id, RULE)
            if (r.details or {}).get("site_id") in sites
            and (not site_id or (r.details or {}).get("site_id") == site_id)]
    stmt = select(IT).where(IT.c.owner_id == ctx.account_id, IT.c.kind == RULE, IT.c.pk.in_(keep))
    rows, token, _total, size = ctx.page(stmt, IT.c.pk, total=len(keep))
    return {"next_page_token": token, "page_size": size, "rules": [_rule_view(r) for r in rows]}


@provider("POST /phone/firmware_update_rules")
def add_firmware_update_rule(ctx: Context) -> Response:
    body = c.body(ctx)
    site_id = str(body.get("site_id") or "").strip()
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise c.invalid("site_id", f"Site does not exist: {site_id}.")
    elif multi_site_mode(ctx):
        raise c.invalid("site_id", "site_id is required when multiple sites are enabled.")
    else:
        main = c.main_site(ctx.conn, ctx.account_id)
        if main is None:
            raise c.invalid("site_id", "The account has no site.")
        site_id = main.id
    device_type, device_model, v = _firmware(body)
    restart = _restart_type(body, 1)
    _check_unique(ctx, site_id, device_type, device_model, None)
    rid = c.add_item(ctx, ctx.account_id, RULE, {
        "site_id": site_id, "device_type": device_type, "device_model": device_model, "version": v[0],
        "restart_type": restart})
    return Response(201, {"rule_Id": rid})


@provider("GET /phone/firmware_update_rules/{ruleId}")
def get_firmware_update_rule(ctx: Context) -> dict[str, Any]:
    row = _rule(ctx)
    d = row.details or {}
    v = fw.version(d.get("device_type", ""), d.get("device_model", ""), d.get("version", ""))
    return {"device_type": d.get("device_type", ""), "device_model": d.get("device_model", ""),
            "version": d.get("version", ""), "update_log": v[2] if v else ""}


@provider("PATCH /phone/firmware_update_rules/{ruleId}")
def update_firmware_update_rule(ctx: Context) -> None:
    row = _rule(ctx)
    body = c.body(ctx)
    d = dict(row.details or {})
    device_type, device_model, v = _firmware(body)
    restart = _restart_type(body, int(d.get("restart_type") or 1))
    _check_unique(ctx, d.get("site_id", ""), device_type, device_model, row.id)
    d.update(device_type=device_type, device_model=device_model, version=v[0], restart_type=restart)
    c.update_item(ctx.conn, row.id, d)
    return None


@provider("DELETE /phone/firmware_update_rules/{ruleId}")
def delete_firmware_update_rule(ctx: Context) -> None:
    row = _rule(ctx)
    c.delete_items(ctx.conn, ctx.account_id, RULE, [row.id])
    return None
