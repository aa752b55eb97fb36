"""The @zoom/rivet example of docs/testing-your-integration.md, run with Node where Node is
present (the package comes from the npm registry into a temporary folder)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import phonestack

RIVET = "@zoom/rivet@0.4.0"
EXAMPLE = Path(__file__).parent / "node" / "rivet_example.mjs"


@pytest.fixture(scope="module")
def rivet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("Node.js is not installed")
    d = tmp_path_factory.mktemp("rivet")
    (d / "package.json").write_text('{"type": "module", "private": true}')
    r = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", RIVET], cwd=d,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        pytest.skip(f"npm could not install {RIVET}: {r.stderr[-300:]}")
    shutil.copy(EXAMPLE, d / "rivet_example.mjs")
    return d


def test_rivet_reaches_phonestack_with_its_token(rivet_dir: Path):
    with phonestack.running() as zoom:
        r = subprocess.run(
            ["node", "rivet_example.mjs", zoom.url, zoom.account_id, zoom.client_id, zoom.client_secret],
            cwd=rivet_dir, capture_output=True, text=True, timeout=120,
        )
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout.strip().splitlines()[-1])
        seen = [q for q in zoom.requests if q.path == "/v2/phone/numbers"]
    # Rivet sent GET /v2/phone/numbers with phonestack's token: phonestack authenticated it and
    # answered (200 once the Phone numbers area is implemented, 501 until then), never 401.
    assert seen, "Rivet's request did not reach phonestack"
    assert seen[-1].status in (200, 501)
    assert out["status"] == seen[-1].status
    if out["status"] == 501:  # Rivet parsed Zoom's error format: [status/code]: "message"
        assert "/501]" in out["error"] and "is not implemented yet" in out["error"]
