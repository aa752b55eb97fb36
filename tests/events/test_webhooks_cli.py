"""``phonestack webhooks ...`` on a database file, and delivery by a server started on it."""

from __future__ import annotations

import json

import httpx
import pytest
from wh_helpers import CNAM, NM, Process, peering_number, verify

from phonestack.cli import main
from phonestack.testing.server import free_port


def cli(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, object]:
    code = main(["webhooks", *args, "--database-url", f"sqlite:///{db}"] if args[0] != "events"
                else ["webhooks", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_webhooks_cli(tmp_path, capsys, receiver):
    db = str(tmp_path / "cli.db")
    main(["seed", "--reset", "--quiet", "--database-url", f"sqlite:///{db}"])
    capsys.readouterr()
    code, events = cli(capsys, db, "events")
    assert code == 0 and CNAM in {e["name"] for e in events}

    # create (the demo master's app by default), validated at once
    code, sub = cli(capsys, db, "create", "--url", receiver.url, "--events", CNAM, "--secret-token", receiver.secret)
    assert code == 0 and sub["validated"] is True and sub["events"] == [CNAM]
    verify(receiver.requests[0], receiver.secret)
    code, subs = cli(capsys, db, "list")
    assert code == 0 and [s["id"] for s in subs] == [sub["id"]]
    # unknown events, failed validation
    assert cli(capsys, db, "create", "--url", receiver.url, "--events", "phone.nope")[0] == 2
    code, bad = cli(capsys, db, "create", "--url", receiver.url, "--events", "*", "--secret-token", "other")
    assert code == 1 and bad["validated"] is False
    code, fixed = cli(capsys, db, "update", bad["id"], "--secret-token", receiver.secret, "--disable")
    assert code == 0 and fixed["validated"] is True and fixed["enabled"] is False
    assert cli(capsys, db, "delete", bad["id"]) == (0, None)
    assert cli(capsys, db, "delete", bad["id"])[0] == 2
    assert cli(capsys, db, "validate", sub["id"])[0] == 0

    # a server on the file delivers; the CLI lists the delivery and redelivers it
    server = Process(db, free_port())
    try:
        with server.client() as api:
            peer = peering_number(api)
            assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Cli Co"}).status_code == 204
        receiver.wait_for(lambda got: len(got) == 1)
        import time

        deadline = time.monotonic() + 10
        while True:
            code, log = cli(capsys, db, "deliveries", "--status", "delivered")
            if log or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert code == 0 and len(log) == 1 and log[0]["event"] == CNAM and log[0]["attempts"] == 1
        code, again = cli(capsys, db, "redeliver", log[0]["id"])
        assert code == 0 and again["status"] == "pending"
        rec = receiver.wait_for(lambda got: len(got) == 2)[-1]  # within the server's poll interval
        verify(rec, receiver.secret)
        assert rec.body == receiver.events()[0].body
        assert httpx.get(f"{server.base}/_phonestack/webhooks").json()["subscriptions"][0]["id"] == sub["id"]
    finally:
        server.kill()
