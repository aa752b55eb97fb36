"""The ``phonestack`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter


def _engine(args):  # noqa: ANN001
    from .store.db import make_engine, migrate

    if getattr(args, "database_url", None):
        os.environ["PHONESTACK_DATABASE_URL"] = args.database_url
    engine = make_engine()
    migrate(engine)
    return engine


def cmd_serve(args) -> int:  # noqa: ANN001
    import uvicorn

    from .seed import demo_credentials, is_empty, reset

    if args.console_password:  # read by every worker's Console (console/__init__.py)
        os.environ["PHONESTACK_CONSOLE_PASSWORD"] = args.console_password
    engine = _engine(args)
    try:  # settings that every worker reads: refused here, once, rather than in each worker
        from .http.answers import configured
        from .http.ratelimit import parse_setting

        configured(engine.dialect.name, shared_connection=False)
        parse_setting(os.environ.get("PHONESTACK_RATE_LIMITS"))
    except ValueError as exc:
        print(f"phonestack: {exc}", file=sys.stderr)
        return 2
    if args.seed != "none" and is_empty(engine):
        reset(engine, args.seed)
        print("phonestack: new database, seeded with the demo data", flush=True)
    with engine.begin() as conn:
        creds = demo_credentials(conn)
    engine.dispose()
    host_for_url = "localhost" if args.host in ("0.0.0.0", "::") else args.host
    base = f"http://{host_for_url}:{args.port}"
    print(
        "\n".join(
            [
                "",
                f"phonestack is serving the Zoom API at {base}/v2 (docs: {base}/docs)",
                f"  console:       {base}/console/"
                + (" (app credentials or the console password)" if os.environ.get("PHONESTACK_CONSOLE_PASSWORD")
                   else " (app credentials)"),
                f"  database:      {_redact(os.environ.get('PHONESTACK_DATABASE_URL', 'sqlite:///phonestack.db'))}",
                f"  account id:    {creds['account_id']}",
                f"  client id:     {creds['client_id']}",
                f"  client secret: {creds['client_secret']}",
                "",
                "Get a token and make a call:",
                f"  TOKEN=$(curl -s -X POST -u '{creds['client_id']}:{creds['client_secret']}' "
                f"'{base}/oauth/token?grant_type=account_credentials&account_id={creds['account_id']}' "
                "| python3 -c 'import sys,json; print(json.load(sys.stdin)[\"access_token\"])')",
                f"  curl -s -H \"Authorization: Bearer $TOKEN\" {base}/v2/accounts/me/number_management/numbers",
                "",
            ]
        ),
        flush=True,
    )
    uvicorn.run(
        "phonestack.http.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        log_level=args.log_level,
        access_log=args.access_log,
        loop="auto",
        http="auto",
    )
    return 0


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        user = cred.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in cred else url
    return url


def cmd_seed(args) -> int:  # noqa: ANN001
    from .seed import reset
    from .store.bulk import seed_bulk

    engine = _engine(args)
    if args.reset:
        reset(engine, "demo")
    counts = seed_bulk(engine, numbers=args.numbers, users=args.users, account_id=args.account,
                       progress=not args.quiet)
    print(json.dumps(counts))
    return 0


def cmd_apps_create(args) -> int:  # noqa: ANN001
    from .platform.accounts import all_scopes, create_app
    from .seed import demo_credentials

    engine = _engine(args)
    with engine.begin() as conn:
        account = args.account or demo_credentials(conn)["account_id"]
        scopes = args.scopes.split(",") if args.scopes else None
        if scopes == ["all"]:
            scopes = all_scopes()
        try:
            app = create_app(conn, account, args.name, scopes=scopes)
        except ValueError as exc:
            print(f"phonestack: {exc}", file=sys.stderr)
            return 2
    print(f"account id:    {app['account_id']}\nclient id:     {app['client_id']}\nclient secret: {app['client_secret']}")
    return 0


def cmd_openapi(args) -> int:  # noqa: ANN001
    from . import spec

    data = json.dumps(spec.load_document(), indent=1)
    if args.output:
        with open(args.output, "w") as f:
            f.write(data)
    else:
        sys.stdout.write(data + "\n")
    return 0


def coverage_rows() -> list[tuple[str, int, int]]:
    from . import spec
    from .providers import load_providers

    providers = load_providers()
    total: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for op in spec.operations().values():
        total[op.area] += 1
        if op.operation_id in providers:
            done[op.area] += 1
    return [(area, done[area], total[area]) for area in sorted(total)]


def cmd_coverage(args) -> int:  # noqa: ANN001
    from . import spec
    from .providers import load_providers

    rows = coverage_rows()
    width = max(len(a) for a, _, _ in rows)
    print(f"{'area':<{width}}  implemented  documented")
    for area, done, total in rows:
        print(f"{area:<{width}}  {done:>11}  {total:>10}")
    d = sum(r[1] for r in rows)
    n = sum(r[2] for r in rows)
    print(f"{'total':<{width}}  {d:>11}  {n:>10}")
    if args.missing:
        providers = load_providers()
        for op in spec.operations().values():
            if op.operation_id not in providers and (args.missing == "all" or op.area == args.missing):
                print(f"501  {op.area:<20} {op.method:<6} {op.path}  ({op.operation_id})")
    return 0


def cmd_state(args) -> int:  # noqa: ANN001
    from .store.state import export_state, import_state

    engine = _engine(args)
    if args.action == "export":
        data = json.dumps(export_state(engine), default=str)
        if args.file and args.file != "-":
            with open(args.file, "w") as f:
                f.write(data)
        else:
            sys.stdout.write(data + "\n")
    else:
        src = sys.stdin if not args.file or args.file == "-" else open(args.file)
        with src:
            counts = import_state(engine, json.load(src))
        print(json.dumps(counts))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="phonestack", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def db_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--database-url", help="SQLAlchemy URL (default: $PHONESTACK_DATABASE_URL or sqlite:///phonestack.db)")

    s = sub.add_parser("serve", help="run the API server")
    s.add_argument("--host", default=os.environ.get("PHONESTACK_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("PHONESTACK_PORT", "8000")))
    s.add_argument("--workers", type=int, default=int(os.environ.get("PHONESTACK_WORKERS", "1")))
    s.add_argument("--seed", choices=["demo", "empty", "none"], default="demo",
                   help="what a new, empty database is filled with (default: demo)")
    s.add_argument("--log-level", default="warning")
    s.add_argument("--access-log", action="store_true")
    s.add_argument("--console-password", default=None,
                   help="admin password of the web console at /console/ (default: $PHONESTACK_CONSOLE_PASSWORD; "
                        "unset: the console logs in with app credentials only)")
    db_arg(s)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("seed", help="add bulk data (numbers, users) to an account")
    s.add_argument("--numbers", type=int, default=0)
    s.add_argument("--users", type=int, default=0)
    s.add_argument("--account", help="account id (default: the demo master account)")
    s.add_argument("--reset", action="store_true", help="reset to the demo seed first")
    s.add_argument("--quiet", action="store_true")
    db_arg(s)
    s.set_defaults(func=cmd_seed)

    a = sub.add_parser("apps", help="manage Server-to-Server OAuth apps")
    asub = a.add_subparsers(dest="apps_command", required=True)
    s = asub.add_parser("create", help="create an app and print its credentials")
    s.add_argument("--account", help="account id (default: the demo master account)")
    s.add_argument("--name", default="Server-to-Server app")
    s.add_argument("--scopes", help="comma-separated scopes, or 'all' (default: all the account may hold)")
    db_arg(s)
    s.set_defaults(func=cmd_apps_create)

    from .events.cli import add_parser as add_webhooks_parser

    add_webhooks_parser(sub, db_arg, _engine)

    from .activity.cli import add_parser as add_simulate_parser

    add_simulate_parser(sub, db_arg, _engine)

    s = sub.add_parser("openapi", help="print the OpenAPI description")
    s.add_argument("-o", "--output")
    s.set_defaults(func=cmd_openapi)

    s = sub.add_parser("coverage", help="documented vs implemented operations, per area")
    s.add_argument("--missing", nargs="?", const="all", help="list the unimplemented operations (of an area)")
    s.set_defaults(func=cmd_coverage)

    s = sub.add_parser("state", help="export or import the whole state as JSON")
    s.add_argument("action", choices=["export", "import"])
    s.add_argument("file", nargs="?", help="file (default: stdout / stdin)")
    db_arg(s)
    s.set_defaults(func=cmd_state)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
