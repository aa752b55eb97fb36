"""The generated contract (src/phonestack/spec/openapi.json) as a whole.

No server is needed: these tests read the JSON file, the operation id list and, when the
API documents are present next to the repository (../shared/api-docs), the checklist.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import fastjsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "src" / "phonestack" / "spec" / "openapi.json"
IDS = REPO / "tools" / "operation_ids.tsv"
DOCS = (REPO / ".." / "shared" / "api-docs").resolve()
GENERATOR = REPO / "tools" / "gen_openapi.py"

METHODS = ("get", "post", "put", "patch", "delete")
needs_docs = pytest.mark.skipif(not (DOCS / "operations.tsv").exists(),
                                reason="../shared/api-docs is not available")


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def operations(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method.upper(), path, op


def test_top_level(spec):
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "phonestack: Zoom Phone, Number Management and SIP Connected Audio APIs"
    assert spec["info"]["version"] == "2"
    assert spec["servers"] == [{"url": "/v2"}]
    oauth = spec["components"]["securitySchemes"]["oauth"]
    assert oauth["type"] == "oauth2"
    assert oauth["flows"]["clientCredentials"]["tokenUrl"] == "/oauth/token"
    assert {t["name"] for t in spec["tags"]} >= {"Phone Numbers", "SIP Connected Audio", "SMS Consent"}


def test_counts_per_document(spec):
    per_doc: dict[str, int] = {}
    for _, _, op in operations(spec):
        per_doc[op["x-document"]] = per_doc.get(op["x-document"], 0) + 1
    assert per_doc == {
        "phone-api.txt": 356,
        "number-management-api.txt": 28,
        "zoom-api-index-sip-connected-audio.txt": 13,
        # the sub-account operations of the index's Accounts section (tools/accounts_operations.json)
        "zoom-api-index-sip-connected-audio.txt#accounts": 4,
    }
    assert sum(per_doc.values()) == 401


@needs_docs
def test_operations_equal_the_checklist(spec):
    with open(DOCS / "operations.tsv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    expected = {(r["method"].upper(), r["path"]): r for r in rows}
    got = {(m, p): op for m, p, op in operations(spec) if op["x-area"] != "accounts"}
    assert set(got) == set(expected)
    for key, row in expected.items():
        op = got[key]
        assert op["summary"] == row["summary"], key
        assert op["x-area"] == row["area"], key
        if row["rate_limit_label"]:
            assert op["x-rate-limit-label"] == row["rate_limit_label"].upper(), key


def test_operation_extensions(spec):
    for method, path, op in operations(spec):
        where = f"{method} {path}"
        assert op["x-rate-limit-label"] in ("LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE"), where
        assert op["x-area"] in ("phone-core", "phone-tail", "phone-activity", "number-management",
                                "sip-connected-audio", "accounts"), where
        assert isinstance(op["x-scopes"], list) and isinstance(op["x-granular-scopes"], list), where
        assert op["security"] == [{"oauth": op["x-scopes"] + [s for s in op["x-granular-scopes"]
                                                             if s not in op["x-scopes"]]}], where
        for e in op["x-error-codes"]:
            assert isinstance(e["status"], int) and isinstance(e["message"], str), where
            assert e["code"] is None or isinstance(e["code"], int), where
        # path parameters first, one per {name}, all required strings
        names = [p["name"] for p in op["parameters"] if p["in"] == "path"]
        assert names == [p["name"] for p in op["parameters"][:len(names)]], where
        assert names == [s[1:-1] for s in path.split("/") if s.startswith("{")], where
        for p in op["parameters"]:
            if p["in"] == "path":
                assert p["required"] is True and p["schema"] == {"type": "string"}, where
        for status, resp in op["responses"].items():
            assert status.isdigit() and "description" in resp, where
            if status == "204":
                assert "content" not in resp, where
        if op["x-document"] == "zoom-api-index-sip-connected-audio.txt" and op.get("x-derived"):
            assert "not from a detailed documentation page" in op["description"], where


def test_deprecated_operations(spec):
    deprecated = {(m, p) for m, p, op in operations(spec) if op.get("deprecated")}
    assert ("GET", "/phone/call_logs") in deprecated
    assert ("POST", "/phone/byoc_numbers") in deprecated
    assert ("GET", "/phone/users") not in deprecated
    assert len(deprecated) >= 26


def test_pagination_parameters(spec):
    for method, path, op in operations(spec):
        if method != "GET":
            continue
        ok = op["responses"].get("200", {}).get("content", {}).get("application/json")
        if not ok:
            continue
        schema = ok["schema"]
        if "next_page_token" in schema.get("properties", {}):
            q = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
            assert "page_size" in q and "next_page_token" in q, path
            assert q["page_size"]["schema"]["type"] == "integer", path
            assert q["page_size"]["schema"].get("minimum") == 1, path


def test_overlay_parameters_are_marked(spec):
    op = spec["paths"]["/accounts/{accountId}/number_management/numbers"]["get"]
    q = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
    assert q["number_source"]["x-source"] == "overlay"
    assert q["number_source"]["schema"]["enum"] == [
        "Zoom", "ZoomPorted", "ZoomReserved", "ThirdPartyNumber", "BYOCCloud", "BYOCPremises"]
    assert q["allocated_product"]["schema"]["enum"] == ["UNALLOCATED", "ZOOM_PHONE", "ZOOM_CONTACT_CENTER"]
    assert q["page_size"]["schema"]["maximum"] == 100
    calls = spec["paths"]["/phone/call_logs"]["get"]
    q = {p["name"]: p for p in calls["parameters"] if p["in"] == "query"}
    assert q["from"]["schema"] == {"type": "string", "format": "date"}
    assert q["to"]["schema"] == {"type": "string", "format": "date"}


def test_operation_ids_unique_and_match_file(spec):
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids)) == 401
    with open(IDS, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    from_file = {(r["method"], r["path"]): r["operationId"] for r in rows}
    assert from_file == {(m, p): op["operationId"] for m, p, op in operations(spec)}
    for i in ids:
        assert i[0].islower() and i.isalnum(), i


def test_operation_id_rule(spec):
    by_key = {(m, p): op["operationId"] for m, p, op in operations(spec)}
    assert by_key[("GET", "/phone/account_settings")] == "listAccountsZoomPhoneSettings"
    assert by_key[("PATCH", "/accounts/{accountId}/number_management/allocation")] == \
        "allocateUnallocatePhoneNumbers"
    assert by_key[("POST", "/accounts/{accountId}/sip_trunk/internal_numbers")] == "addInternalNumbers"
    # a Number Management summary that a Phone operation also has: the product after the verb
    assert by_key[("GET", "/phone/peering/numbers")] == "listPeeringPhoneNumbers"
    assert by_key[("GET", "/accounts/{accountId}/number_management/peering_numbers")] == \
        "listNumberManagementPeeringPhoneNumbers"
    assert by_key[("GET", "/accounts/{accountId}/number_management/numbers")] == "listNumberManagementPhoneNumbers"
    # colliding within one document: "By" + tag
    assert by_key[("GET", "/phone/carrier_reseller/numbers")] == "listPhoneNumbersByCarrierReseller"


def _schemas(spec):
    for method, path, op in operations(spec):
        rb = op.get("requestBody")
        if rb:
            for ct, mt in rb["content"].items():
                yield f"{method} {path} request {ct}", mt["schema"]
        for status, resp in op["responses"].items():
            for ct, mt in resp.get("content", {}).items():
                yield f"{method} {path} {status} {ct}", mt["schema"]
        for p in op["parameters"]:
            yield f"{method} {path} parameter {p['name']}", p["schema"]


def test_every_schema_compiles(spec):
    start = time.monotonic()
    n = 0
    for where, schema in _schemas(spec):
        try:
            fastjsonschema.compile(schema)
        except Exception as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{where}: {exc}")
        n += 1
    assert n > 900
    assert time.monotonic() - start < 60


def test_documented_examples_mostly_validate(spec):
    total = ok = 0
    for _method, _path, op in operations(spec):
        media = []
        if op.get("requestBody"):
            media += list(op["requestBody"]["content"].values())
        for resp in op["responses"].values():
            media += list(resp.get("content", {}).values())
        for mt in media:
            if "example" not in mt:
                continue
            total += 1
            try:
                fastjsonschema.compile(mt["schema"], use_formats=False)(mt["example"])
                ok += 1
            except fastjsonschema.JsonSchemaException:
                pass
    assert total > 300
    assert ok / total > 0.95


@needs_docs
def test_generator_is_deterministic(tmp_path):
    out = tmp_path / "openapi.json"
    ids = tmp_path / "operation_ids.tsv"
    subprocess.run([sys.executable, str(GENERATOR), "--docs", str(DOCS), "--out", str(out),
                    "--ids", str(ids), "--quiet"], check=True, cwd=REPO, timeout=300)
    assert out.read_bytes() == SPEC.read_bytes(), "openapi.json is stale: run python tools/gen_openapi.py"
    assert ids.read_bytes() == IDS.read_bytes()
