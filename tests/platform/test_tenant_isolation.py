"""Tenant isolation sweep: every operation whose path takes an id, called by another tenant with
the REAL ids of account A, answers a 4xx not-found style error, never A's data, and never
changes A's state.

Account A is the demo master (with its seeded data and a few objects created through the API);
account B is an unrelated master account created through the admin API and seeded with the same
area seeders, holding every scope. Ids are harvested from the state export (``store/state.py``):
each path parameter is filled from the rows of A that it names (users, sites, queues, rules...),
a child id from the rows related to its parent's (a member of that queue, a log of that user).
For GET operations A's own call with the same ids is made first: when it answers 2xx the ids are
proven real (the count is asserted to stay high, so a harvest that rots cannot hollow the sweep).
For writes, A's whole state export is compared before and after B's call.

This module runs on a server of its own (other modules reset the shared one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import orjson
import pytest

from phonestack import spec
from phonestack.store.state import export_state


def _harness(config: pytest.Config) -> Any:
    """The tests' root conftest (RunningServer, Api): ``from conftest import`` would find another
    folder's conftest.py when several folders run together."""
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))


WRITE = {"POST", "PATCH", "PUT", "DELETE"}

# path parameter -> where A's values come from: (table, column, {column: value} filter)
SOURCES: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "userId": [("extensions", "id", {"type": "user"}), ("extensions", "email", {"type": "user"})],
    "siteId": [("sites", "id", {})],
    "commonAreaId": [("extensions", "id", {"type": "commonArea"})],
    "callQueueId": [("extensions", "id", {"type": "callQueue"})],
    "autoReceptionistId": [("extensions", "id", {"type": "autoReceptionist"})],
    "slgId": [("extensions", "id", {"type": "sharedLineGroup"})],
    "sharedLineGroupId": [("extensions", "id", {"type": "sharedLineGroup"})],
    "extensionId": [("phone_members", "member_id", {}), ("device_assignments", "extension_id", {}),
                    ("extensions", "id", {"type": "user"}), ("extensions", "id", {})],
    "memberExtensionId": [("phone_members", "member_id", {})],
    "memberId": [("phone_members", "member_id", {})],
    "phoneNumberId": [("phone_numbers", "id", {})],
    "number": [("phone_numbers", "number", {})],
    "deviceId": [("devices", "id", {})],
    "groupId": [("phone_items", "id", {"kind": "user_group"}), ("phone_items", "id", {"kind": "call_pickup_group"})],
    "roleId": [("phone_items", "id", {"kind": "phone_role"})],
    "exceptionRuleId": [("phone_items", "id", {"kind": "outbound_exception_rule"})],
    "monitoringGroupId": [("phone_items", "id", {"kind": "monitoring_group"})],
    "roomId": [("phone_items", "id", {"kind": "zoom_room"}), ("extensions", "id", {"type": "zoomRoom"})],
    "templateId": [("phone_items", "id", {"kind": "provision_template"}), ("setting_templates", "id", {})],
    "alertSettingId": [("phone_items", "id", {"kind": "alert_setting"})],
    "blockedListId": [("phone_items", "id", {"kind": "blocked_list"})],
    "blockedRuleId": [("phone_items", "id", {"kind": "inbound_block_rule"})],
    "lineKeyId": [("phone_items", "id", {"kind": "line_key"}), ("phone_items", "id", {"kind": "device_line_key"})],
    "externalContactId": [("phone_items", "id", {"kind": "external_contact"})],
    "ruleId": [("phone_items", "id", {"kind": "firmware_update_rule"})],
    "routingRuleId": [("phone_items", "id", {"kind": "routing_rule"})],
    "smsCampaignId": [("sms_campaigns", "id", {})],
    "consentId": [("sms_consents", "id", {})],
    "emergencyAddressId": [("emergency_addresses", "id", {})],
    "locationId": [("locations", "id", {})],
    "billingAccountId": [("billing_accounts", "id", {})],
    "audioId": [("audio_items", "id", {})],
    "callLogId": [("call_logs", "id", {}), ("call_history", "id", {})],
    "id": [("call_logs", "id", {})],
    "callElementId": [("call_elements", "id", {})],
    "callHistoryUuid": [("call_history", "id", {}), ("call_history", "call_id", {})],
    "callHistoryId": [("call_history", "id", {})],
    "aiCallSummaryId": [("call_history", "id", {}), ("call_logs", "id", {})],
    "callId": [("call_logs", "call_id", {}), ("call_history", "call_id", {})],
    "call_id": [("call_logs", "call_id", {}), ("call_history", "call_id", {})],
    "recordingId": [("call_recordings", "id", {})],
    "voicemailId": [("voicemails", "id", {})],
    "faxLogId": [("fax_logs", "id", {})],
    "sessionId": [("sms_sessions", "id", {})],
    "messageId": [("sms_messages", "id", {})],
    "orderId": [("port_orders", "order_id", {}), ("port_orders", "id", {})],
    "numberId": [("sca_internal_numbers", "id", {})],
    "trunkId": [("sca_trunks", "id", {})],
}
# fileId depends on the route: a fax file, a recording, a voicemail
FILE_SOURCES = {
    "fax": [("fax_logs", "file_id", {}), ("fax_files", "id", {})],
    "recording": [("call_recordings", "id", {})],
    "voice_mails": [("voicemails", "id", {})],
}
# Not tenant data: names of settings, policies and plan types (tried in order).
CONSTANTS: dict[str, list[str]] = {
    "policyType": ["voice_mail", "voicemail", "call_forwarding", "auto_call_recording", "ad_hoc_call_recording",
                   "sms", "international_calling", "zoom_phone_on_mobile", "call_park"],
    "settingType": ["business_hours", "call_forwarding", "holiday_hours", "voice_mail", "shared_lines",
                    "intercom", "auto_receptionist", "call_handling"],
    "type": ["200", "100", "300", "1", "600", "3000"],
    "planType": ["200", "100", "300", "1", "600", "3000"],
    # a callout country is a country code every account may enable, not an object of A's
    "countryId": ["US", "GB"],
}


# Operations whose path names tenant data (ids); a path of names only (GET /phone/policies/
# {policyType}) is the caller's own account.
OPS = sorted(
    (op for op in spec.operations().values() if any(p.name not in CONSTANTS for p in op.path_params)),
    key=lambda op: op.operation_id,
)


def _rank(op_path: str, name: str) -> list[tuple[str, str, dict[str, str]]]:
    if name == "fileId":
        for key, src in FILE_SOURCES.items():
            if key in op_path:
                return src
        return [s for src in FILE_SOURCES.values() for s in src]
    sources = SOURCES.get(name, [])
    if name == "groupId" and "group_call_pickup" in op_path:
        return sources[::-1]
    if name == "templateId" and "setting_templates" in op_path:
        return sources[::-1]
    return sources


class Harvest:
    """A's rows from the state export, and the candidate values of each path parameter."""

    def __init__(self, state: dict[str, Any], account_id: str) -> None:
        self.account_id = account_id
        self.rows = {
            name: [r for r in rows if r.get("account_id") == account_id]
            for name, rows in state["tables"].items()
        }

    def values(self, op_path: str, name: str, chosen: list[str]) -> list[str]:
        """Candidates for ``name``: rows related to the values already chosen come first."""
        if name == "accountId":
            return [self.account_id]
        if name in CONSTANTS:
            return CONSTANTS[name]
        out: list[str] = []
        related: list[str] = []
        for table, column, where in _rank(op_path, name):
            for row in self.rows.get(table, []):
                if any(str(row.get(k)) != v for k, v in where.items()):
                    continue
                value = row.get(column)
                if value is None or value == "":
                    continue
                value = str(value)
                if chosen and any(str(v) in chosen for v in row.values() if isinstance(v, str)) and value not in chosen:
                    related.append(value)
                elif value not in chosen:
                    out.append(value)
        seen: set[str] = set()
        return [v for v in related + out if not (v in seen or seen.add(v))]

    def combos(self, op: spec.Operation, limit: int = 6) -> Iterator[dict[str, str]]:
        """Fillings of the op's path, best first; accountId is 'me' when other ids of A follow (so
        the provider's own lookup is what is tested), else A's id."""
        names = [p.name for p in op.path_params]
        produced = 0

        def walk(i: int, chosen: dict[str, str]) -> Iterator[dict[str, str]]:
            nonlocal produced
            if i == len(names):
                produced += 1
                yield dict(chosen)
                return
            name = names[i]
            if name == "accountId" and any(n not in CONSTANTS and n != "accountId" for n in names):
                values = ["me"]
            else:
                values = self.values(op.path, name, list(chosen.values()))[:limit]
            for v in values:
                chosen[name] = v
                yield from walk(i + 1, chosen)
                del chosen[name]
                if produced >= limit:
                    return

        yield from walk(0, {})

    def secrets(self) -> set[str]:
        """Strings that are A's data: names, emails, numbers (never to appear in B's answers)."""
        out: set[str] = set()
        for row in self.rows.get("extensions", []):
            out.update(str(row[c]) for c in ("name", "email") if row.get(c) and len(str(row[c])) >= 6)
        for row in self.rows.get("phone_numbers", []):
            out.add(str(row["number"]))
        for row in self.rows.get("sites", []):
            if row.get("name") and len(row["name"]) >= 6:
                out.add(str(row["name"]))
        return out


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe="@"), path)


# Bodies that reach the id lookup where the documents' example would stop at validation.
BODIES: dict[str, Any] = {
    "addClientCodeToCallHistory": {"client_code": "12345"},
    "addClientCodeToCallLog": {"client_code": "12345"},
}


def example_body(op: spec.Operation) -> Any:
    if op.operation_id in BODIES:
        return BODIES[op.operation_id]
    if op.body_schema is None:
        return None
    content = (op.raw.get("requestBody") or {}).get("content") or {}
    if "application/json" not in content:
        return None
    media = content["application/json"]
    example = media.get("example", (media.get("schema") or {}).get("example"))
    if example is None:
        return [] if op.body_schema.get("type") == "array" else {}
    return example


class Sweep:
    def __init__(self, server: Any, a: httpx.Client, b: Any, harvest: Harvest) -> None:
        self.server, self.a, self.b, self.harvest = server, a, b, harvest
        self.secrets = harvest.secrets()
        self.proven: set[str] = set()
        self.swept: set[str] = set()
        self.codes: dict[str, tuple[int, int]] = {}
        self.sub: Any = None
        self.sub_swept: set[str] = set()

    def state(self) -> bytes:
        return orjson.dumps(export_state(self.server.app.engine), option=orjson.OPT_SORT_KEYS)


@pytest.fixture(scope="module")
def sweep(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    import importlib
    import random

    from phonestack.seed import AREA_SEEDERS

    server = _harness(request.config).RunningServer(tmp_path_factory)
    try:
        demo = server.reset("demo")
        # A's own calls go through a plain client: some GETs are downloads (bytes, not JSON)
        a = httpx.Client(base_url=f"{server.base}/v2", timeout=30, headers={
            "Authorization": f"Bearer {server.token(demo['account_id'], demo['client_id'], demo['client_secret'])}"})
        # objects the demo seed does not hold: an audio item, a SIP Connected Audio internal number
        user = a.get("/phone/users", params={"page_size": 1}).json()["users"][0]["id"]
        r = a.post(f"/phone/users/{user}/audios", json={
            "audio_name": "Welcome", "text": "Welcome", "voice_language": "en-US", "voice_accent": "Joanna-Female"})
        assert r.status_code == 201, r.text
        r = a.post("/accounts/me/sip_trunk/internal_numbers", json={"internal_numbers": [
            {"number": "+12065550142", "display_number": "+1 206-555-0142", "country": "US", "labels": "Sweep",
             "type": 1, "visible": True, "allow_join": True, "languages": "en-GB"}]})
        assert r.status_code in (201, 204), r.text
        # account B: an unrelated master with every scope, seeded like the demo
        # (enrolled in SIP Connected Audio and a carrier like A, so those routes reach their lookups)
        r = httpx.post(f"{server.base}/_phonestack/accounts", json={
            "name": "Tenant B", "options": {"sip_connected_audio": True, "carrier_code": 9997}})
        assert r.status_code == 201, r.text
        b_app = r.json()
        with server.app.engine.begin() as conn:
            rng = random.Random(4242)
            for module in AREA_SEEDERS:
                importlib.import_module(module).seed_demo(conn, b_app["account_id"], rng, master=True)
        b = _harness(request.config).Api(server, server.token(b_app["account_id"], b_app["client_id"], b_app["client_secret"]),
                b_app["account_id"])
        harvest = Harvest(export_state(server.app.engine), demo["account_id"])
        s = Sweep(server, a, b, harvest)
        # A's own sub account: a tenant too, that must not reach its master's objects
        s.sub = _harness(request.config).Api(server, server.token(demo["sub_account_id"], demo["sub_client_id"], demo["sub_client_secret"]),
                    demo["sub_account_id"])
        yield s
        a.close()
        b.close()
        s.sub.close()
    finally:
        server.stop()


NOT_FOUND = re.compile(r"not exist|not found|does not|doesn.t exist|invalid [a-z ]*id\b|no such", re.I)


def _not_found_style(op: spec.Operation, r: httpx.Response) -> bool:
    """404, or the documented 400 whose message says the object does not exist (Zoom's documents
    often give unknown ids 400 with the operation's own code), or another documented error."""
    body = r.json()
    if r.status_code not in (400, 404) or body.get("code") in (124, 4700):
        return False
    if r.status_code == 404 or NOT_FOUND.search(r.text):
        return True
    # a documented refusal of the caller's own account ("This account is not a Carrier Reseller.")
    documented = {(e.status, e.code) for e in op.error_codes if e.code != 300}
    return (r.status_code, body["code"]) in documented


@pytest.mark.parametrize("op", OPS, ids=[op.operation_id for op in OPS])
def test_another_tenant_cannot_reach_account_a_by_id(sweep: Sweep, op: spec.Operation) -> None:
    values = _values(sweep, op)
    r = _attempt(sweep, sweep.b, op, values)
    sweep.swept.add(op.operation_id)
    sweep.codes[op.operation_id] = (r.status_code, r.json()["code"])


@pytest.mark.parametrize("op", OPS, ids=[op.operation_id for op in OPS])
def test_a_sub_account_cannot_reach_its_master_by_id(sweep: Sweep, op: spec.Operation) -> None:
    """The demo master's sub account, with all the scopes a sub account may hold: its master's
    ids are not its own (an operation that needs a ``:master`` scope answers 4700 first)."""
    assert sweep.sub is not None
    _attempt(sweep, sweep.sub, op, _values(sweep, op), scope_error_ok=all(s.endswith(":master") for s in op.scopes))
    sweep.sub_swept.add(op.operation_id)


def _values(sweep: Sweep, op: spec.Operation) -> dict[str, str]:
    combos = list(sweep.harvest.combos(op))
    assert combos, f"{op.operation_id}: no value of A for {[p.name for p in op.path_params]}"
    if op.method == "GET":
        # A's own call proves the ids real (the first filling A can read is the one B gets)
        for candidate in combos:
            own = sweep.a.get(fill(op.path, candidate), params=_required_query(op))
            if 200 <= own.status_code < 300:
                sweep.proven.add(op.operation_id)
                return candidate
    return combos[0]


def _attempt(sweep: Sweep, caller: Any, op: spec.Operation, values: dict[str, str], *,
             scope_error_ok: bool = False) -> httpx.Response:
    path = fill(op.path, values)
    body = example_body(op)
    before = sweep.state() if op.method in WRITE else None
    r = caller.request(op.method, path, params=_required_query(op), json=body)
    if r.status_code == 400 and r.json().get("errors") and body:
        # the documents' example does not validate: an empty body, to reach the lookup
        r = caller.request(op.method, path, params=_required_query(op),
                           json=[] if isinstance(body, list) else {})
    assert 400 <= r.status_code < 500, f"{op.operation_id} {path}: got {r.status_code} {r.text[:300]}"
    scope_error = r.status_code == 400 and r.json().get("code") == 4700
    assert _not_found_style(op, r) or (scope_error_ok and scope_error), (
        f"{op.operation_id} {path}: got {r.status_code} {r.text[:300]}")
    text = r.text
    leaked = [s for s in sweep.secrets if s in text and s not in values.values()]
    assert not leaked, f"{op.operation_id}: the answer carries A's data {leaked[:3]}: {text[:300]}"
    if before is not None:
        assert sweep.state() == before, f"{op.operation_id} {path}: the {op.method} changed the state"
    return r


def _required_query(op: spec.Operation) -> dict[str, str]:
    """Values for required query parameters (a date range, a type), so the call reaches the
    provider instead of stopping at validation."""
    out: dict[str, str] = {}
    for p in op.query_params:
        if not p.required:
            continue
        schema = p.schema
        if schema.get("enum"):
            out[p.name] = str(schema["enum"][0])
        elif schema.get("format") == "date" or p.name in ("from", "to"):
            out[p.name] = "2026-01-01" if p.name != "to" else "2026-01-31"
        elif "integer" in str(schema.get("type")):
            out[p.name] = "1"
        else:
            out[p.name] = "x"
    return out


def test_the_sweep_covers_the_contract(sweep: Sweep) -> None:
    """Runs after the sweep in the same worker only; when pytest-xdist spreads the sweep over
    workers, each worker's share is checked by its own parametrized tests."""
    if len(sweep.swept) < len(OPS):
        pytest.skip(f"this worker swept {len(sweep.swept)} of {len(OPS)} operations")
    gets = [op for op in OPS if op.method == "GET"]
    # the ids B was given are A's real ids: A reads them itself for most GETs
    missing = sorted(op.operation_id for op in gets if op.operation_id not in sweep.proven)
    print(f"\nswept {len(sweep.swept)} operations ({len(gets)} GETs, {len(gets) - len(missing)} proven real "
          f"by A's own 2xx); B's answers: {sorted(Counter(sweep.codes.values()).items())}; unproven: {missing}")
    assert len(sweep.proven) >= 0.9 * len(gets), missing
