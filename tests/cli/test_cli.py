"""The command line, run as a user runs it (a subprocess on a temporary SQLite database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from phonestack.http.app import Server
from phonestack.store.db import make_engine


def run(tmp_path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {**os.environ, "PHONESTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("PHONESTACK_TEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "phonestack.cli", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_coverage_lists_every_area(tmp_path):
    r = run(tmp_path, "coverage")
    assert r.returncode == 0, r.stderr
    lines = {line.split()[0]: line.split()[1:] for line in r.stdout.splitlines()[1:]}
    assert lines["number-management"] == ["28", "28"]
    assert lines["total"][1] == "401"
    # --missing lists exactly the operations that are documented but not implemented
    for area, (implemented, documented) in lines.items():
        if area == "total":
            continue
        out = run(tmp_path, "coverage", "--missing", area).stdout
        assert out.count(f"501  {area} ") == int(documented) - int(implemented), area


def test_openapi_prints_the_contract(tmp_path):
    out = tmp_path / "spec.json"
    r = run(tmp_path, "openapi", "-o", str(out))
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text())
    assert doc["openapi"].startswith("3.1") and "/phone/numbers" in doc["paths"]


def test_seed_apps_and_state_roundtrip(tmp_path):
    r = run(tmp_path, "seed", "--reset", "--numbers", "250", "--users", "12", "--quiet")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"numbers": 250, "users": 12}

    r = run(tmp_path, "apps", "create", "--name", "ci", "--scopes", "number_management_numbers:read:master")
    assert r.returncode == 0, r.stderr
    creds = dict(line.split(":", 1) for line in r.stdout.strip().splitlines())
    creds = {k.strip(): v.strip() for k, v in creds.items()}

    # the new app's token reads the seeded numbers through HTTP
    app = Server(make_engine(f"sqlite:///{tmp_path / 'cli.db'}"))
    transport = httpx.ASGITransport(app=app)

    async def call() -> tuple[int, int]:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            tok = await c.post("/oauth/token", params={"grant_type": "account_credentials",
                                                      "account_id": creds["account id"]},
                               auth=(creds["client id"], creds["client secret"]))
            assert tok.status_code == 200, tok.text
            h = {"Authorization": f"Bearer {tok.json()['access_token']}"}
            r = await c.get("/v2/number_management/numbers", headers=h)
            w = await c.patch("/v2/number_management/numbers/x", headers=h, json={})
            return r.json()["total_records"], w.status_code

    import asyncio

    total, write_status = asyncio.run(call())
    assert total >= 250
    assert write_status == 400  # the app only has the read scope (4700)

    exported = run(tmp_path, "state", "export", str(tmp_path / "state.json"))
    assert exported.returncode == 0, exported.stderr
    state = json.loads((tmp_path / "state.json").read_text())
    n = len(state["tables"]["phone_numbers"])
    imported = run(tmp_path, "state", "import", str(tmp_path / "state.json"))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["phone_numbers"] == n


def test_apps_create_for_unknown_account_fails(tmp_path):
    run(tmp_path, "seed", "--reset", "--quiet")
    r = run(tmp_path, "apps", "create", "--account", "nope")
    assert r.returncode == 2
    assert "no account nope" in r.stderr


@pytest.mark.parametrize("bad", [["serve", "--workers", "x"], ["state", "sideways"]])
def test_bad_arguments_exit_2(tmp_path, bad):
    assert run(tmp_path, *bad).returncode == 2


@pytest.mark.parametrize(("name", "value", "said"), [
    ("PHONESTACK_KEPT_ANSWERS", "sometimes", "'sometimes'"), ("PHONESTACK_KEPT_ANSWERS_MB", "lots", "'lots'"),
    ("PHONESTACK_RATE_LIMITS", "bogus", "'bogus'"), ("PHONESTACK_RATE_LIMITS", '{"LIGHT": -1}', "{'LIGHT': -1}")])
def test_serve_refuses_a_bad_setting_before_it_listens(tmp_path, monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    r = run(tmp_path, "serve", "--port", "1")  # would fail to listen, were it to get that far
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("phonestack: ") and said in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
