"""``phonestack webhooks ...``: event subscriptions and deliveries from the command line.

The commands work on the database (like ``phonestack apps create``); a running server's
delivery worker picks up what they change (a redelivery is sent within its poll interval).
Output is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1) + "\n")


def _fail(message: str, code: int = 2) -> int:
    print(f"phonestack: {message}", file=sys.stderr)
    return code


def _events_arg(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [e.strip() for e in value.split(",") if e.strip()]


def run(args: argparse.Namespace, engine_factory: Callable[[argparse.Namespace], Any]) -> int:
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

    action = args.webhooks_command
    if action == "events":
        _print([{"name": e.name, "group": e.group, "audience": e.audience, "summary": e.summary}
                for e in catalog.EVENTS.values()])
        return 0
    engine = engine_factory(args)
    try:
        if action == "list":
            with engine.connect() as conn:
                _print(list_subscriptions(conn, account_id=args.account))
        elif action == "create":
            body: dict[str, Any] = {"url": args.url, "events": _events_arg(args.events)}
            if args.secret_token:
                body["secret_token"] = args.secret_token
            if args.app_id:
                body["app_id"] = args.app_id
            elif args.client_id:
                body["client_id"] = args.client_id
            else:
                from ..seed import demo_credentials

                with engine.begin() as conn:
                    body["account_id"] = args.account or demo_credentials(conn)["account_id"]
            with engine.begin() as conn:
                sub_id = create(conn, body)
            if args.no_validate:
                with engine.connect() as conn:
                    _print(view(get(conn, sub_id)))
            else:
                out = validate(engine, sub_id)
                _print(out)
                if not out["validated"]:
                    return _fail(f"created, but the endpoint failed validation: {out['validation_error']}", 1)
        elif action == "update":
            changes: dict[str, Any] = {}
            if args.url:
                changes["url"] = args.url
            if args.events:
                changes["events"] = _events_arg(args.events)
            if args.secret_token:
                changes["secret_token"] = args.secret_token
            if args.enabled is not None:
                changes["enabled"] = args.enabled
            with engine.begin() as conn:
                revalidate = update_subscription(conn, args.id, changes)
            if revalidate:
                _print(validate(engine, args.id))
            else:
                with engine.connect() as conn:
                    _print(view(get(conn, args.id)))
        elif action == "delete":
            with engine.begin() as conn:
                if not delete_subscription(conn, args.id):
                    return _fail("no such subscription")
        elif action == "validate":
            out = validate(engine, args.id)
            _print(out)
            return 0 if out["validated"] else 1
        elif action == "deliveries":
            with engine.connect() as conn:
                _print(outbox.list_deliveries(conn, subscription_id=args.subscription, status=args.status,
                                              event=args.event, limit=args.limit))
        elif action == "redeliver":
            with engine.begin() as conn:
                if not outbox.redeliver(conn, args.id):
                    return _fail("no such delivery")
                _print(outbox.delivery_view(outbox.get_delivery(conn, args.id)))
    except SubscriptionError as exc:
        return _fail(exc.message)
    finally:
        engine.dispose()
    return 0


def add_parser(sub, db_arg: Callable[[argparse.ArgumentParser], None],  # noqa: ANN001
               engine_factory: Callable[[argparse.Namespace], Any]) -> None:
    w = sub.add_parser("webhooks", help="webhook event subscriptions and deliveries (docs/webhooks.md)")
    wsub = w.add_subparsers(dest="webhooks_command", required=True)

    s = wsub.add_parser("list", help="the subscriptions (of an account)")
    s.add_argument("--account", help="only this account's")
    db_arg(s)

    s = wsub.add_parser("create", help="subscribe an endpoint URL to events, and validate it")
    s.add_argument("--url", required=True)
    s.add_argument("--events", required=True, help="comma-separated event names, or '*' (all)")
    s.add_argument("--secret-token", help="default: a new random token (printed)")
    s.add_argument("--client-id", help="the app (default: the demo master's app, or --account's first app)")
    s.add_argument("--app-id")
    s.add_argument("--account", help="the account whose first app subscribes")
    s.add_argument("--no-validate", action="store_true", help="store it unvalidated (it gets no events)")
    db_arg(s)

    s = wsub.add_parser("update", help="change a subscription (a new URL or secret is validated again)")
    s.add_argument("id")
    s.add_argument("--url")
    s.add_argument("--events")
    s.add_argument("--secret-token")
    s.add_argument("--enable", dest="enabled", action="store_true", default=None)
    s.add_argument("--disable", dest="enabled", action="store_false")
    db_arg(s)

    for name, text in (("delete", "delete a subscription and its deliveries"),
                       ("validate", "run the endpoint URL validation again")):
        s = wsub.add_parser(name, help=text)
        s.add_argument("id")
        db_arg(s)

    s = wsub.add_parser("deliveries", help="the delivery log, newest first")
    s.add_argument("--subscription")
    s.add_argument("--status", choices=["pending", "delivered", "failed"])
    s.add_argument("--event")
    s.add_argument("--limit", type=int, default=50)
    db_arg(s)

    s = wsub.add_parser("redeliver", help="send a delivery again")
    s.add_argument("id")
    db_arg(s)

    wsub.add_parser("events", help="the event names phonestack knows")
    w.set_defaults(func=lambda args: run(args, engine_factory))
