"""Operations of the generated contract compared, field by field, with the documents.

Every expectation below was copied by hand from the text of ../shared/api-docs
(number-management-api.txt, phone-api.txt, the SIP Connected Audio pages); the tests
read only src/phonestack/spec/openapi.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parents[2] / "src" / "phonestack" / "spec" / "openapi.json"


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def op(spec, method, path):
    return spec["paths"][path][method.lower()]


def body(o):
    return o["requestBody"]["content"]["application/json"]["schema"]


def resp(o, status="200"):
    return o["responses"][status]["content"]["application/json"]["schema"]


def props(schema):
    """Properties of an object schema, through allOf/oneOf/anyOf members."""
    out = dict(schema.get("properties", {}))
    for kw in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(kw, []):
            for k, v in props(sub).items():
                out.setdefault(k, v)
    return out


def error(o, code):
    found = [e for e in o["x-error-codes"] if e["code"] == code]
    assert found, f"error code {code} not in {o['x-error-codes']}"
    return found[0]


def query(o):
    return {p["name"]: p for p in o["parameters"] if p["in"] == "query"}


# ---------------------------------------------------------------- Number Management

def test_nm_add_peering_numbers(spec):
    o = op(spec, "POST", "/accounts/{accountId}/number_management/peering_numbers")
    s = body(o)
    assert o["requestBody"]["required"] is True
    assert s["required"] == ["phone_numbers"]
    pn = s["properties"]["phone_numbers"]
    assert pn["type"] == "array" and pn["maxItems"] == 200
    item = pn["items"]
    assert item["required"] == ["phone_number", "sip_trunk_name", "status"]
    vd = item["properties"]["voice_direction"]
    assert vd["enum"] == ["INBOUND_AND_OUTBOUND", "INBOUND_ONLY", "OUTBOUND_ONLY", "NOT_SUPPORTED"]
    assert vd["default"] == "INBOUND_AND_OUTBOUND"
    assert item["properties"]["number_type"]["enum"] == ["Mobile", "Toll", "TollFree", "VirtualService"]
    assert s["properties"]["carrier_code"] == {**s["properties"]["carrier_code"], "type": "integer",
                                               "format": "int32"}
    assert error(o, 1003) == {"status": 400, "code": 1003, "message": "Too many numbers, should less than 200"}
    assert error(o, 1001)["message"] == "Carrier not found"
    assert o["x-rate-limit-label"] == "LIGHT"
    assert o["tags"] == ["Cloud Peering Reseller"]
    assert o["x-scopes"] == ["number_management_numbers:write:master"]
    assert o["x-granular-scopes"] == ["number_management:write:peering_number:master"]


def test_nm_list_phone_numbers(spec):
    o = op(spec, "GET", "/accounts/{accountId}/number_management/numbers")
    s = resp(o)
    item = s["properties"]["numbers"]["items"]
    assigned = item["properties"]["assigned_list"]["items"]["properties"]
    assert assigned["assigned_to_type"]["enum"][:3] == ["User", "CallQueue", "AutoReceptionist"]
    assert assigned["assigned_to_type"]["enum"][-1] == "DistributionGroup"
    assert assigned["source_channel"]["enum"] == ["Voice", "SMS"]
    assert item["properties"]["carrier"]["properties"]["code"]["type"] == "integer"
    assert item["properties"]["number_type"]["enum"] == [
        "Toll", "TollFree", "VirtualService", "Mobile", "SharedCost", "National", "ITFS"]
    assert item["properties"]["capability"]["items"]["enum"] == [
        "Incoming", "Outgoing", "Messaging", "PCIPal", "EmergencyCalls"]
    assert error(o, 999)["message"] == "Invalid value (e.g., allocated_product, number_type, number_soruce)"
    assert error(o, 1003100)["message"] == "The next page token is either invalid or has expired"
    q = query(o)
    assert q["status"]["schema"]["enum"] == ["Normal", "Pending"]
    assert q["assigned_status"]["schema"]["enum"] == ["assigned", "unassigned"]
    assert q["country_iso"]["schema"]["maxLength"] == 2


def test_nm_allocation(spec):
    o = op(spec, "PATCH", "/accounts/{accountId}/number_management/allocation")
    s = body(o)
    assert s["required"] == ["allocated_product", "numbers"]
    assert s["properties"]["allocated_product"]["enum"] == ["ZOOM_PHONE", "ZOOM_CONTACT_CENTER", "UNALLOCATED"]
    assert s["properties"]["numbers"]["items"]["type"] == "string"
    assert s["properties"]["site_id"]["type"] == "string"
    assert "content" not in o["responses"]["204"]
    assert error(o, 200002)["message"] == "Unable to switch products for the number"
    assert error(o, 100002)["message"] == "Phone number not found"
    assert o["x-rate-limit-label"] == "HEAVY"


def test_nm_create_sms_consent_policy(spec):
    o = op(spec, "POST", "/accounts/{accountId}/number_management/sms_consent")
    s = body(o)
    assert s["required"] == ["consent_name", "in_out_bound", "status"]
    iob = s["properties"]["in_out_bound"]
    assert iob["required"] == ["disclaimer", "help_message", "opt_in_message", "opt_out_message"]
    opt_in = iob["properties"]["opt_in_message"]
    assert opt_in["required"] == ["confirmation_message", "keywords", "prompt"]
    assert opt_in["properties"]["keywords"]["items"]["type"] == "string"
    assert iob["properties"]["disclaimer"]["properties"]["enable"]["type"] == "boolean"
    assert error(o, 1002)["message"] == "The request body format does not match, please refer to the document"


def test_nm_ported_numbers_details(spec):
    o = op(spec, "GET", "/accounts/{accountId}/number_management/ported_numbers/orders/{orderId}")
    s = resp(o)
    billing = s["properties"]["original_billing_info"]["properties"]
    assert set(billing["address"]["properties"]) == {
        "city", "country", "house_number", "state_code", "street_name", "zip"}
    assert "authorizing_person" in billing and "pin" in billing
    assert s["properties"]["replacing_numbers"]["items"]["properties"]["target_number"]["type"] == "string"
    assert s["properties"]["status"]["enum"] == [
        "Not_Submitted", "Waiting", "Processing", "Successfully", "Rejected", "Canceled", "FOC"]
    assert error(o, 400) == {"status": 400, "code": 400, "message": "Port in order does not exist"}


def test_nm_list_sip_groups(spec):
    o = op(spec, "GET", "/accounts/{accountId}/number_management/sip_groups")
    item = resp(o)["properties"]["sip_groups"]["items"]
    assert item["required"] == ["display_name", "sip_group_id"]
    trunk = item["properties"]["sip_trunk"]
    assert trunk["required"] == ["name", "sip_trunk_id"]
    assert trunk["properties"]["type"]["enum"] == ["BYOC", "BYOP"]
    assert item["properties"]["source_system"]["enum"] == ["ZOOM_PHONE", "ZOOM_CONTACT_CENTER", "COMMON"]
    e = error(o, 1002006)
    assert e["code_text"] == "1002_006" and e["message"] == "product cannot be empty"
    assert query(o)["product"]["required"] is True


def test_nm_unassign_campaign_numbers_and_delete_numbers(spec):
    o = op(spec, "DELETE", "/accounts/{accountId}/number_management/sms_campaigns/{smsCampaignId}/phone_numbers")
    p = query(o)["phone_number_ids"]
    assert p["required"] is True and p["x-source"] == "overlay"
    assert p["schema"]["items"]["type"] == "string" and p["schema"]["maxItems"] == 200
    assert error(o, 1003)["message"] == "Too many numbers, should less than 200"
    assert "requestBody" not in o
    d = op(spec, "DELETE", "/accounts/{accountId}/number_management/numbers")
    assert query(d)["phone_numbers"]["required"] is True
    assert error(d, 100002)["message"] == "Phone number not found"
    peer = op(spec, "DELETE", "/accounts/{accountId}/number_management/peering_numbers")
    assert peer["requestBody"]["x-source"] == "overlay"
    assert body(peer)["properties"]["phone_numbers"]["items"]["required"] == ["phone_number"]


def test_nm_add_byoc_numbers(spec):
    o = op(spec, "POST", "/accounts/{accountId}/number_management/byoc_numbers")
    s = body(o)
    assert s["required"] == ["allocated_product", "phone_numbers"]
    assert s["properties"]["allocated_product"]["enum"] == ["ZOOM_PHONE", "ZOOM_CONTACT_CENTER"]
    assert s["properties"]["phone_numbers"]["items"]["type"] == "string"
    assert s["properties"]["enable_pci_pal"]["type"] == "boolean"
    assert error(o, 1004)["message"] == "BYOC Phone Numbers are not enabled for this account"
    assert o["responses"]["201"]["description"].endswith("BYOC phone numbers successfully added.")


# ---------------------------------------------------------------- SIP Connected Audio

def test_sip_add_internal_numbers(spec):
    o = op(spec, "POST", "/accounts/{accountId}/sip_trunk/internal_numbers")
    assert not o.get("x-derived")
    item = body(o)["properties"]["internal_numbers"]["items"]
    assert item["required"] == ["labels", "number", "display_number", "type", "country", "languages"]
    assert item["properties"]["type"]["type"] == "integer" and item["properties"]["type"]["enum"] == [0, 1]
    assert item["properties"]["languages"]["enum"] == ["en-US", "en-GB", "de-DE"]
    assert item["properties"]["country"]["minLength"] == 2 == item["properties"]["country"]["maxLength"]
    assert item["properties"]["visible"]["type"] == "boolean"
    assert item["properties"]["allow_for_external_meetings"]["type"] == "boolean"
    assert o["x-scopes"] == ["sip_trunk:master"]
    assert o["x-area"] == "sip-connected-audio"


def test_sip_assign_trunks(spec):
    o = op(spec, "POST", "/accounts/{accountId}/sip_trunk/trunks")
    assert not o.get("x-derived")
    trunks = body(o)["properties"]["sip_trunks"]
    assert trunks["minItems"] == 1 and trunks["maxItems"] == 30
    dnis = trunks["items"]["properties"]["dnis"]
    assert dnis["minLength"] == 5 and dnis["maxLength"] == 8
    assert trunks["items"]["properties"]["outbound_caller_id"]["maxLength"] == 32
    out = resp(o, "201")["properties"]["sip_trunks"]["items"]["properties"]
    assert set(out) == {"dnis", "id", "name", "number_prefix", "sip_server_address"}
    assert o["responses"]["201"]["content"]["application/json"]["example"]["sip_trunks"][0]["name"] == "HQ-trunk"
    assert error(o, 2001) == {"status": 404, "code": 2001, "message": "Account does not exist: {0}."}
    assert {e["message"] for e in o["x-error-codes"] if e["code"] == 300} == {
        "Request failed because this account is not enrolled in SIP Connected Audio plan.",
        "The master account has no sip trunk configs.",
        "Invalid parameter: sip_trunks.",
    }


def test_sip_derived_operations(spec):
    derived = [(m, p) for p, item in spec["paths"].items() for m, o in item.items()
               if o.get("x-document") == "zoom-api-index-sip-connected-audio.txt" and o.get("x-derived")]
    assert len(derived) == 11
    o = op(spec, "GET", "/accounts/{accountId}/sip_trunk/internal_numbers")
    item = resp(o)["properties"]["internal_numbers"]["items"]["properties"]
    assert "id" in item and item["languages"]["enum"] == ["en-US", "en-GB", "de-DE"]
    assert {"page_size", "next_page_token"} <= set(query(o))
    assert o["x-granular-scopes"] == ["sip_trunk:read:list_internal_numbers:master"]
    assert o["x-rate-limit-label"] == "LIGHT"
    c = op(spec, "POST", "/accounts/{accountId}/sip_trunk/callout_countries")
    assert body(c)["properties"]["callout_countries"]["items"]["required"] == ["id"]
    assert c["x-rate-limit-label"] == "MEDIUM"
    countries = resp(op(spec, "GET", "/accounts/{accountId}/sip_trunk/callout_countries"))
    assert set(countries["properties"]["callout_countries"]["items"]["properties"]) == {"id", "name", "code"}


# ---------------------------------------------------------------- Phone

def test_phone_account_settings_all_of(spec):
    o = op(spec, "GET", "/phone/account_settings")
    s = resp(o)
    acl = s["properties"]["allowed_call_locations"]
    assert len(acl["allOf"]) == 2
    assert set(acl["allOf"][0]["properties"]) == {"enable", "locked", "locked_by"}
    assert set(acl["allOf"][1]["properties"]) == {"allow_internal_calls", "locations_applied"}
    assert props(s["properties"]["audio_intercom"])["locked_by"]["enum"] == ["invalid", "account"]
    assert error(o, 400)["message"] == "Setting type(s) supplied in query parameter setting_types is invalid."
    assert query(o)["setting_types"]["x-source"] == "overlay"


def test_phone_update_call_handling_one_of(spec):
    o = op(spec, "PATCH", "/phone/extension/{extensionId}/call_handling/settings/{settingType}")
    s = body(o)
    alts = s.get("oneOf") or s.get("anyOf")
    assert len(alts) == 4
    assert [a["properties"]["sub_setting_type"]["enum"] for a in alts] == [
        ["call_forwarding"], ["holiday"], ["custom_hours"], ["call_handling"]]
    fwd = alts[0]["properties"]["settings"]["properties"]["call_forwarding_settings"]["items"]
    assert fwd["properties"]["external_contact"]["properties"]["external_contact_id"]["type"] == "string"
    custom = alts[2]["properties"]["settings"]["properties"]
    assert custom["custom_hours_settings"]["items"]["properties"]["weekday"]["enum"] == [1, 2, 3, 4, 5, 6, 7]
    assert custom["type"]["enum"] == [1, 2]
    assert set(alts[1]["properties"]["settings"]["properties"]) == {"from", "holiday_id", "name", "to"}
    assert alts[1]["properties"]["settings"]["properties"]["from"]["format"] == "date-time"
    assert error(o, 404)["message"] == "Call forwarding does not exist: {callForwardingId}."


def test_phone_common_area_settings_one_of(spec):
    o = op(spec, "GET", "/phone/common_areas/{commonAreaId}/settings")
    s = resp(o)
    alts = s.get("oneOf") or s.get("anyOf")
    assert len(alts) == 3
    desk = alts[0]["properties"]["desk_phones"]["items"]["properties"]
    assert desk["hot_desking"]["properties"]["status"]["enum"] == ["unsupported", "on", "off"]
    assert desk["status"]["enum"] == ["online", "offline"]
    assert set(alts[1]["properties"]["holiday_hours"]["items"]["properties"]) == {"from", "holiday_id", "name", "to"}


def test_phone_array_of_bodies(spec):
    o = op(spec, "POST", "/phone/carrier_reseller/numbers")
    s = body(o)
    assert o["requestBody"]["required"] is True
    assert s["type"] == "array"
    st = s["items"]["properties"]["status"]
    assert st["type"] == ["string", "null"] and st["enum"] == ["active", "inactive", None]
    assert error(o, 429)["message"] == "Phone number batch operation is limited to 200 per request."
    m = op(spec, "POST", "/phone/monitoring_groups/{monitoringGroupId}/monitor_members")
    assert body(m)["type"] == "array" and body(m)["items"]["type"] == "string"
    a = op(spec, "PATCH", "/phone/carrier_reseller/numbers")
    assert body(a)["type"] == "array" and body(a)["maxItems"] == 200


def test_phone_nested_array_in_array_item(spec):
    o = op(spec, "GET", "/phone/common_areas")
    item = resp(o)["properties"]["common_areas"]["items"]
    plan = item["properties"]["calling_plans"]["items"]["properties"]
    assert plan["type"]["type"] == "integer"
    assert plan["name"]["type"] == "string"
    assert {"page_size", "next_page_token"} <= set(query(o))
    a = op(spec, "POST", "/phone/common_areas/{commonAreaId}/calling_plans")
    s = body(a)
    assert s["required"] == ["calling_plans"]
    assert s["properties"]["calling_plans"]["items"]["required"] == ["type"]
    assert error(a, 404)["message"] == "The common area does not exist: {commonAreaId}."


def test_phone_add_alert_setting(spec):
    o = op(spec, "POST", "/phone/alert_settings")
    s = body(o)
    assert s["required"] == ["alert_setting_name", "module", "rule", "rule_conditions", "target_type",
                             "time_frame_from", "time_frame_to", "time_frame_type"]
    assert s["properties"]["rule_conditions"]["items"]["properties"]["rule_condition_type"]["enum"] == [1, 2, 3, 4, 5]
    assert s["properties"]["frequency"]["enum"] == [5, 10, 15, 30, 60]
    assert s["properties"]["time_frame_type"]["enum"] == ["all_day", "specific_time"]
    assert set(s["properties"]["chat_channels"]["items"]["properties"]) == {"chat_channel_name", "end_point", "token"}
    assert error(o, 13004)["message"] == "Alert rule on this target already exists."
    assert error(o, 13009)["message"] == "Fail to create alert."


def test_phone_list_numbers_query_parameters(spec):
    o = op(spec, "GET", "/phone/numbers")
    q = query(o)
    assert q["type"]["schema"]["enum"] == ["assigned", "unassigned", "all", "byoc"]
    assert q["extension_type"]["schema"]["enum"] == [
        "user", "callQueue", "autoReceptionist", "commonArea", "emergencyNumberPool",
        "companyLocation", "meetingService"]
    assert q["number_type"]["schema"]["enum"] == ["toll", "tollfree"]
    assert q["pending_numbers"]["schema"]["type"] == "boolean"
    assert q["page_size"]["schema"]["type"] == "integer"
    assert q["site_id"]["x-source"] == "phone-list-numbers.txt"
    assert o.get("deprecated") is True
    assert o["x-scopes"] == ["phone:read:admin"]


def test_phone_upload_fax_multipart(spec):
    o = op(spec, "POST", "/fax/files")
    mp = o["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert mp["required"] == ["file"] and mp["properties"]["file"]["format"] == "binary"
    assert resp(o, "201")["required"] == ["file_id"]
    assert error(o, 1001)["message"] == "File size exceeded maximum 50MB"
    assert o["x-rate-limit-label"] == "RESOURCE-INTENSIVE"
    assert o["x-scopes"] == ["phone:write", "phone:write:admin"]
    assert o["x-granular-scopes"] == ["phone:write:send_fax", "phone:write:send_fax:admin"]


def test_phone_user_settings_delegation(spec):
    o = op(spec, "GET", "/phone/users/{userId}/settings")
    s = resp(o)
    deleg = s["properties"]["delegation"]["properties"]
    assert deleg["privileges"]["type"] == "array"
    assert deleg["privileges"]["items"]["enum"] == [1, 2, 3, 4, 5, 6, 7]
    assert deleg["assistants"]["items"]["properties"]["extension_number"]["format"] == "int64"
