"""Phone SMS campaigns and consent opt statuses (shared with Number Management): providers (HTTP glue).

The campaigns, consent policies and number links are Number Management's rows (``sms_campaigns``,
``sms_consents``, ``phone_numbers.sms_campaign_id`` / ``sms_consent_id``): a number assigned here
shows in the Number Management campaign and the other way round. The Phone API shows them in
its own shape (``id``, ``brand {id, name}``, ``phone_numbers [{id, number}]``).

Opt statuses are ``phone_items`` of kind ``sms_opt_status`` (the kind the users family reads for
``GET /phone/user/{userId}/sms_campaigns/phone_numbers/opt_status``), one per pair
(Zoom number, consumer number): ``details`` {zoom_phone_user_number, consumer_phone_number,
opt_status, opt_in_status}. A new record is owned by the user the Zoom number is assigned to (so
the user's own list shows it), else by the campaign or consent policy. Reads show only pairs
whose Zoom number is still in the campaign (consent policy).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from ...http.context import Context, Response
from ...http.errors import ApiError, validation_failed
from ...numbers import queries as nq
from ...numbers.provider import _campaign_numbers
from ...numbers.views import campaign_summary
from ...providers import provider
from ...store import schema as t
from ...store.util import iso, new_id, stamps, utcnow
from .. import common as c
from ..users.views import OPT_STATUS

PN = t.phone_numbers
CAMPAIGNS = t.sms_campaigns
CONSENTS = t.sms_consents
MAX_ASSIGN = 49  # "The maximum size for phone numbers is 49."
MAX_RECEIVERS = 100  # unique Zoom numbers per opt-status request (the documents leave {0} open)
OPT_IN_STATUS = {"pending": 1, "opt_in": 3, "opt_out": 4}  # as the users family's opt_in_status
CAMPAIGN_DEFAULTS: dict[str, Any] = {"auto_renew": True, "use_case": "lowVolumeMixed", "categories_fit": True,
                                     "content_type": []}
SAMPLES = tuple(f"sample_message_{i}" for i in range(1, 6))


# --- views ----------------------------------------------------------------------------------------


def campaign_item(row) -> dict[str, Any]:  # noqa: ANN001
    """Number Management's campaign summary, in the Phone API's names."""
    s = campaign_summary(row)
    return {"id": s["sms_campaign_id"], "display_name": s["display_name"], "status": s["status"],
            "brand": {"id": s["brand"]["brand_id"], "name": s["brand"]["name"]}}


def campaign_detail(row, numbers: list[Any]) -> dict[str, Any]:  # noqa: ANN001
    out = campaign_item(row)
    details = row.details or {}
    out["service_type"] = row.service_type
    out["phone_numbers"] = [{"id": n.id, "number": n.number} for n in numbers]
    out["create_time"] = iso(row.created_at)
    for key, default in CAMPAIGN_DEFAULTS.items():
        out[key] = details.get(key, default)
    for key in SAMPLES:
        if details.get(key):
            out[key] = details[key]
    return out


# --- lookups --------------------------------------------------------------------------------------


def _campaign(ctx: Context, error: ApiError):  # noqa: ANN202
    row = ctx.conn.execute(select(CAMPAIGNS).where(
        CAMPAIGNS.c.account_id == ctx.account_id, CAMPAIGNS.c.id == ctx.path["smsCampaignId"])).first()
    if row is None:
        raise error
    return row


def _documented_404(ctx: Context, fallback: str) -> ApiError:
    doc = ctx.op.error(404)
    return ApiError(404, 404, doc.message if doc is not None else fallback)


def _param(ctx: Context, name: str) -> Any:
    """A query parameter the contract does not list yet (read from the query when it does, else
    from a JSON body)."""
    if name in ctx.query:
        return ctx.query[name]
    return c.body(ctx).get(name)


def _number_list(ctx: Context, name: str, value: Any) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise validation_failed(name, "Invalid field: an array of phone numbers.")
    unique = list(dict.fromkeys(value))
    if len(unique) > MAX_RECEIVERS:
        doc = ctx.op.error(400)
        message = "Size of unique receiver phone numbers cannot exceed {0}."
        if doc is not None and "{0}" in doc.message and "receiver" in doc.message:
            message = doc.message
        raise ApiError(400, 400, message.replace("{0}", str(MAX_RECEIVERS)))
    return unique


def _in_scope(numbers: list[Any], wanted: list[str] | None, field: str, what: str) -> list[Any]:
    """The rows of ``numbers`` (a campaign's or consent's) that ``wanted`` names (by number or
    id), all of them when ``wanted`` is None; a number outside is a validation error."""
    if wanted is None:
        return list(numbers)
    by_key = {n.number: n for n in numbers} | {n.id: n for n in numbers}
    missing = [w for w in wanted if w not in by_key]
    if missing:
        raise validation_failed(field, f"The phone number is not assigned to this {what}: {', '.join(missing)}.")
    return list({by_key[w].id: by_key[w] for w in wanted}.values())


def _records(ctx: Context, owner_id: str, numbers: list[Any]) -> dict[tuple[str, str], Any]:
    """{(zoom number, consumer number): the latest record} for ``numbers``, whoever owns it
    (the user holding the number, or the campaign / consent policy)."""
    if not numbers:
        return {}
    it = t.phone_items
    owners = {owner_id} | {n.assignee_id for n in numbers if getattr(n, "assignee_id", None)}
    wanted = {n.number for n in numbers}
    out: dict[tuple[str, str], Any] = {}
    rows = ctx.conn.execute(select(it).where(it.c.account_id == ctx.account_id, it.c.owner_id.in_(owners),
                                             it.c.kind == OPT_STATUS).order_by(it.c.updated_at, it.c.pk)).all()
    for r in rows:
        d = r.details or {}
        zoom = d.get("zoom_phone_user_number")
        if zoom in wanted and isinstance(d.get("consumer_phone_number"), str):
            out[(zoom, d["consumer_phone_number"])] = r
    return out


def _statuses(ctx: Context, owner_id: str, numbers: list[Any]) -> list[dict[str, str]]:
    wanted = _number_list(ctx, "zoom_phone_user_numbers", _param(ctx, "zoom_phone_user_numbers"))
    return _statuses_of(ctx, owner_id, numbers, wanted)


def _statuses_of(ctx: Context, owner_id: str, numbers: list[Any], wanted: list[str] | None) -> list[dict[str, str]]:
    what = "campaign" if "smsCampaignId" in ctx.path else "consent"
    chosen = _in_scope(numbers, wanted, "zoom_phone_user_numbers", what)
    consumer = _param(ctx, "consumer_phone_number")
    if consumer is not None and not nq.is_e164(consumer):
        raise validation_failed("consumer_phone_number", "Invalid field: an E.164 phone number.")
    records = _records(ctx, owner_id, chosen)
    out = []
    if consumer:
        for n in chosen:  # one answer per Zoom number: what the consumer chose, else pending
            r = records.get((n.number, consumer))
            out.append({"consumer_phone_number": consumer, "zoom_phone_user_number": n.number,
                        "opt_status": (r.details or {}).get("opt_status", "pending") if r is not None else "pending"})
        return out
    order = {n.number: i for i, n in enumerate(chosen)}
    for (zoom, cons), r in sorted(records.items(), key=lambda kv: (order[kv[0][0]], kv[1].pk)):
        out.append({"consumer_phone_number": cons, "zoom_phone_user_number": zoom,
                    "opt_status": (r.details or {}).get("opt_status", "pending")})
    return out


def _numbers_of(ctx: Context, column, owner_id: str) -> list[Any]:  # noqa: ANN001
    return ctx.conn.execute(select(PN.c.id, PN.c.number, PN.c.assignee_id, PN.c.pk).where(
        PN.c.account_id == ctx.account_id, column == owner_id).order_by(PN.c.pk)).all()


# --- campaigns ------------------------------------------------------------------------------------


@provider("GET /phone/sms_campaigns")
def list_sms_campaigns(ctx: Context) -> dict[str, Any]:
    stmt = select(CAMPAIGNS).where(CAMPAIGNS.c.account_id == ctx.account_id)
    rows, token, total, size = ctx.page(stmt, CAMPAIGNS.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "sms_campaigns": [campaign_item(r) for r in rows]}


@provider("GET /phone/sms_campaigns/{smsCampaignId}")
def get_sms_campaign(ctx: Context) -> dict[str, Any]:
    # The contract documents no not-found error here: 404 (code 404), as the assign operation words it.
    row = _campaign(ctx, ApiError(404, 404, "The campaign does not exist."))
    return campaign_detail(row, _campaign_numbers(ctx, row.id))


def _assign_error(message: str) -> ApiError:
    return ApiError(400, 400, message)


@provider("POST /phone/sms_campaigns/{smsCampaignId}/phone_numbers")
def assign_phone_numbers(ctx: Context) -> Response:
    """Validate everything, then link the numbers and keep the letter of authorization with the
    campaign (as Number Management does)."""
    row = _campaign(ctx, _assign_error("The campaign does not exist."))
    body = c.body(ctx)
    if row.status == "pending":
        raise _assign_error("Can not assign campaign to pending campaign number.")
    if row.status != "active":
        raise _assign_error("The campaign is not active.")
    items = body.get("phone_numbers")
    if not isinstance(items, list) or not items:
        raise validation_failed("phone_numbers", "At least one phone number is required.")
    if len(items) > MAX_ASSIGN:
        raise _assign_error(f"The maximum size for phone numbers is {MAX_ASSIGN}.")
    for key in ("loa_authorizing_person", "title"):
        if not str(body.get(key) or "").strip():
            raise validation_failed(key, "This field is required.")
    if not nq.is_e164(body.get("contact_number")):
        raise validation_failed("contact_number", "Invalid field: an E.164 phone number.")
    rows = c.resolve_numbers(ctx, items, missing=_assign_error("Numbers both not available."))
    for r in rows:
        if r.sms_campaign_id not in (None, row.id) or r.allocated_product == "UNALLOCATED":
            raise _assign_error("Numbers both not available.")
        if r.status != "Normal":
            raise _assign_error(f"Can not assign campaign to pending number: {r.number}.")
        if r.number_type == "TollFree":
            raise _assign_error(f"Can not assign campaign to toll free number: {r.number}.")
        if r.source in ("BYOCCloud", "BYOCPremises"):
            raise _assign_error(f"Can not enable sms for BYOC number: {r.number}.")
    new = [r for r in rows if r.sms_campaign_id != row.id]
    if len(_campaign_numbers(ctx, row.id)) + len(new) > int(row.capacity):
        raise _assign_error("The selected number size exceeds campaign capacity.")
    if new:
        now = utcnow()
        n = ctx.conn.execute(update(PN).where(PN.c.pk.in_([r.pk for r in new]), PN.c.sms_campaign_id.is_(None))
                             .values(sms_campaign_id=row.id, updated_at=now)).rowcount
        if n != len(new):  # taken by a concurrent request meanwhile
            raise _assign_error("Numbers both not available.")
        details = dict(row.details or {})
        details["letters_of_authorization"] = [*details.get("letters_of_authorization", []), {
            "phone_number_ids": [r.id for r in new], "loa_authorizing_person": body["loa_authorizing_person"],
            "contact_number": body["contact_number"], "title": body["title"],
            "contact_emails": body.get("contact_emails"), "date_time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }]
        ctx.conn.execute(update(CAMPAIGNS).where(CAMPAIGNS.c.pk == row.pk).values(details=details, updated_at=now))
    return Response(201, {"phone_numbers": [{"id": r.id, "number": r.number} for r in rows]})


@provider("DELETE /phone/sms_campaigns/{smsCampaignId}/phone_numbers/{phoneNumberId}")
def unassign_phone_number(ctx: Context) -> None:
    row = _campaign(ctx, _assign_error("The campaign does not exist."))
    key = ctx.path["phoneNumberId"]
    n = ctx.conn.execute(select(PN.c.pk).where(
        PN.c.account_id == ctx.account_id, PN.c.sms_campaign_id == row.id,
        (PN.c.id == key) | (PN.c.number == key) | (PN.c.number == "+" + key.lstrip("+")))).first()
    if n is None:
        raise _assign_error("The campaign does not have the number.")
    ctx.conn.execute(update(PN).where(PN.c.pk == n.pk).values(sms_campaign_id=None, updated_at=utcnow()))
    return None


@provider("GET /phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status")
def list_campaign_opt_statuses(ctx: Context) -> dict[str, Any]:
    """Filters (not in the contract yet: read from the query, else from a JSON body):
    ``zoom_phone_user_numbers`` (the campaign's numbers, all by default) and
    ``consumer_phone_number`` (with it: one entry per Zoom number, ``pending`` when the consumer
    never answered; without it: every recorded pair)."""
    row = _campaign(ctx, _documented_404(ctx, "Path variable smsCampaignId not found"))
    numbers = _numbers_of(ctx, PN.c.sms_campaign_id, row.id)
    return {"phone_number_campaign_opt_statuses": _statuses(ctx, row.id, numbers)}


@provider("PATCH /phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status")
def update_campaign_opt_statuses(ctx: Context) -> None:
    row = _campaign(ctx, _documented_404(ctx, "Path variable smsCampaignId not found."))
    body = c.body(ctx)
    status = body.get("opt_status")
    if status not in ("opt_in", "opt_out"):
        raise ApiError(400, 400, "Opt status should be either opt_out or opt_in.")
    consumer = body.get("consumer_phone_number")
    if not nq.is_e164(consumer):
        raise validation_failed("consumer_phone_number", "Invalid field: an E.164 phone number.")
    wanted = _number_list(ctx, "zoom_phone_user_numbers", body.get("zoom_phone_user_numbers"))
    if not wanted:
        raise validation_failed("zoom_phone_user_numbers", "Missing field.")
    chosen = _in_scope(_numbers_of(ctx, PN.c.sms_campaign_id, row.id), wanted, "zoom_phone_user_numbers",
                       "campaign")
    records = _records(ctx, row.id, chosen)
    now = utcnow()
    new = []
    for n in chosen:
        details = {"zoom_phone_user_number": n.number, "consumer_phone_number": consumer, "opt_status": status,
                   "opt_in_status": OPT_IN_STATUS[status]}
        existing = records.get((n.number, consumer))
        if existing is not None:
            ctx.conn.execute(update(t.phone_items).where(t.phone_items.c.pk == existing.pk).values(
                details={**(existing.details or {}), **details}, updated_at=now))
        else:
            new.append({"id": new_id(), "account_id": ctx.account_id, "owner_id": n.assignee_id or row.id,
                        "kind": OPT_STATUS, "details": details, **stamps()})
    if new:
        ctx.conn.execute(insert(t.phone_items), new)
    return None


# --- consent policies -----------------------------------------------------------------------------


@provider("GET /phone/sms_consent/{consentId}/phone_numbers/opt_status")
def list_consent_opt_statuses(ctx: Context) -> dict[str, Any]:
    """``zoom_phone_user_numbers`` is required (the documented 300 "Missing field."),
    ``consumer_phone_number`` optional, as for campaigns (query, else JSON body)."""
    row = ctx.conn.execute(select(CONSENTS).where(
        CONSENTS.c.account_id == ctx.account_id, CONSENTS.c.id == ctx.path["consentId"])).first()
    if row is None:
        raise _documented_404(ctx, "The consent does not exist")
    wanted = _number_list(ctx, "zoom_phone_user_numbers", _param(ctx, "zoom_phone_user_numbers"))
    if not wanted:
        raise validation_failed("zoom_phone_user_numbers", "Missing field.")
    numbers = _numbers_of(ctx, PN.c.sms_consent_id, row.id)
    return {"phone_number_consent_opt_statuses": _statuses_of(ctx, row.id, numbers, wanted)}
