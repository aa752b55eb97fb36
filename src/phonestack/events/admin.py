"""``/_phonestack/webhooks...``: the admin API of webhook subscriptions and deliveries.

- ``GET    webhooks``                         subscriptions (filters ``account_id``, ``app_id``, ``client_id``)
- ``POST   webhooks``                         body ``{"client_id"|"app_id"|"account_id", "url", "events",
  "secret_token"?, "enabled"?, "validate"?, "validated"?}``: a new subscription, validated at once
  (Zoom's ``endpoint.url_validation``) unless ``validate`` is false; ``validated: true`` trusts the
  endpoint without the handshake (phonestack only). 201 with the subscription.
- ``GET    webhooks/{id}``                    one subscription
- ``PATCH  webhooks/{id}``                    ``url``, ``secret_token``, ``events``, ``enabled``; a new URL or
  secret is validated again
- ``DELETE webhooks/{id}``                    204 (its deliveries go with it)
- ``POST   webhooks/{id}/validate``           run the validation again; the subscription
- ``GET    webhooks/events``                  the event catalog
- ``GET    webhooks/deliveries``              newest first (filters ``subscription_id``, ``status``, ``event``,
  ``account_id``, ``limit``)
- ``GET    webhooks/deliveries/{id}``         one delivery, with its attempts
- ``POST   webhooks/deliveries/{id}/redeliver``  send it again now
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import catalog, outbox
from .subscriptions import (
    SubscriptionError,
    create,
    delete_subscription,
    get,
    list_subscriptions,
    update_subscription,
    validate,
    view,
)

if TYPE_CHECKING:
    from ..http.app import Server

Result = tuple[int, Any]


def _error(status: int, message: str) -> Result:
    return status, {"code": 300 if status == 400 else status, "message": message}


def handle(server: Server, method: str, name: str, body: Any, query: dict[str, str]) -> Result:
    parts = name.split("/")[1:]  # after "webhooks"
    try:
        if not parts:
            if method == "GET":
                with server.engine.connect() as conn:
                    return 200, {"subscriptions": list_subscriptions(
                        conn, account_id=query.get("account_id"), app_id=query.get("app_id"),
                        client_id=query.get("client_id"))}
            if method == "POST":
                return _create(server, body)
        elif parts == ["events"] and method == "GET":
            return 200, {"events": [
                {"name": e.name, "group": e.group, "audience": e.audience, "summary": e.summary}
                for e in catalog.EVENTS.values()]}
        elif parts[0] == "deliveries":
            return _deliveries(server, method, parts[1:], query)
        elif len(parts) == 1:
            return _one(server, method, parts[0], body)
        elif len(parts) == 2 and parts[1] == "validate" and method == "POST":
            return 200, validate(server.engine, parts[0])
    except SubscriptionError as exc:
        return _error(exc.status, exc.message)
    return _error(404, "Not Found")


def _body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise SubscriptionError(400, "The body must be a JSON object.")
    return body


def _create(server: Server, body: Any) -> Result:
    body = _body(body)
    check = body.get("validate", True)
    if not isinstance(check, bool):
        raise SubscriptionError(400, "'validate' must be a boolean.")
    with server.engine.begin() as conn:
        sub_id = create(conn, body)
    if check and body.get("validated") is not True:
        return 201, validate(server.engine, sub_id)
    with server.engine.connect() as conn:
        return 201, view(get(conn, sub_id))


def _one(server: Server, method: str, sub_id: str, body: Any) -> Result:
    if method == "GET":
        with server.engine.connect() as conn:
            row = get(conn, sub_id)
        if row is None:
            raise SubscriptionError(404, "Subscription does not exist.")
        return 200, view(row)
    if method == "PATCH":
        with server.engine.begin() as conn:
            revalidate = update_subscription(conn, sub_id, _body(body))
        if revalidate:
            return 200, validate(server.engine, sub_id)
        with server.engine.connect() as conn:
            return 200, view(get(conn, sub_id))
    if method == "DELETE":
        with server.engine.begin() as conn:
            if not delete_subscription(conn, sub_id):
                raise SubscriptionError(404, "Subscription does not exist.")
        return 204, None
    return _error(404, "Not Found")


def _deliveries(server: Server, method: str, rest: list[str], query: dict[str, str]) -> Result:
    if not rest and method == "GET":
        try:
            limit = int(query.get("limit", "100"))
        except ValueError:
            raise SubscriptionError(400, "'limit' must be an integer.") from None
        status = query.get("status")
        if status and status not in ("pending", "delivered", "failed"):
            raise SubscriptionError(400, "'status' must be pending, delivered or failed.")
        with server.engine.connect() as conn:
            return 200, {"deliveries": outbox.list_deliveries(
                conn, subscription_id=query.get("subscription_id"), status=status, event=query.get("event"),
                account_id=query.get("account_id"), limit=limit)}
    if len(rest) == 1 and method == "GET":
        with server.engine.connect() as conn:
            row = outbox.get_delivery(conn, rest[0])
        if row is None:
            raise SubscriptionError(404, "Delivery does not exist.")
        return 200, outbox.delivery_view(row)
    if len(rest) == 2 and rest[1] == "redeliver" and method == "POST":
        with server.engine.begin() as conn:
            if not outbox.redeliver(conn, rest[0]):
                raise SubscriptionError(404, "Delivery does not exist.")
            row = outbox.get_delivery(conn, rest[0])
            out = outbox.delivery_view(row)
        server.dispatcher.wake()
        return 200, out
    return _error(404, "Not Found")
