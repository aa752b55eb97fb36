"""``phonestack simulate`` and ``POST /_phonestack/simulate``: the glue around activity/simulate.py."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any


def add_parser(sub, db_arg: Callable[[argparse.ArgumentParser], None], engine_of: Callable) -> None:  # noqa: ANN001
    s = sub.add_parser("simulate", help="simulate calls (and SMS, faxes) through an account's phone system")
    s.add_argument("--calls", type=int, default=1000)
    s.add_argument("--days", type=int, default=30, help="spread over the last D days (default 30)")
    s.add_argument("--seed", type=int, default=1, help="the same seed gives the same history")
    s.add_argument("--account", help="account id (default: the demo master account)")
    s.add_argument("--sms", type=int, default=0, help="SMS messages (through the messaging family)")
    s.add_argument("--faxes", type=int, default=0, help="faxes (through the messaging family)")
    s.add_argument("--end", help="the window ends at this date, yyyy-mm-dd (default: tomorrow, UTC)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    db_arg(s)

    def run(args) -> int:  # noqa: ANN001
        from .simulate import simulate

        engine = engine_of(args)
        try:
            out = simulate(engine, calls=args.calls, days=args.days, seed=args.seed, account_id=args.account,
                           sms=args.sms, faxes=args.faxes, end=date.fromisoformat(args.end) if args.end else None,
                           progress=not args.quiet)
        except LookupError as exc:
            print(f"phonestack: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(out))
        return 0

    s.set_defaults(func=run)


def admin_simulate(engine, body: Any) -> tuple[int, dict[str, Any]]:  # noqa: ANN001
    from .simulate import simulate

    if not isinstance(body, dict):
        return 400, {"code": 300, "message": "Request Body should be a valid JSON object."}
    args: dict[str, Any] = {}
    for key, default, top in (("calls", 100, 1_000_000), ("days", 30, 3650), ("seed", 1, None),
                              ("sms", 0, 1_000_000), ("faxes", 0, 1_000_000)):
        value = body.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or (top and value > top):
            return 400, {"code": 300, "message": f"'{key}' must be an integer between 0 and {top or 'any'}."}
        args[key] = value
    end = body.get("end")
    try:
        end_day = date.fromisoformat(end) if end else None
    except (TypeError, ValueError):
        return 400, {"code": 300, "message": "'end' must be a date, yyyy-mm-dd."}
    account = body.get("account_id")
    if account is not None and not isinstance(account, str):
        return 400, {"code": 300, "message": "'account_id' must be a string."}
    try:
        return 200, simulate(engine, account_id=account, end=end_day, **args)
    except LookupError:
        return 404, {"code": 2001, "message": "Account does not exist."}
