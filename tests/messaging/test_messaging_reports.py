"""SMS/MMS and fax charges reports (operation logs: test_operation_logs.py) through HTTP (issue 5): figures computed from
the records, checked against hand counts with the documented rate table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_fax_logs import numbers, upload
from test_sms_sessions import all_pages, send, sms_numbers

from phonestack.messaging import media

# docs/messaging-and-insights.md, "Charges" (USD)
SMS_RATE = {"US": Decimal("0.0079"), "CA": Decimal("0.0079"), "GB": Decimal("0.0400")}
FAX_LOCAL = Decimal("0.0100")
FAX_GB = Decimal("0.0406")


def total(rows: list[dict], field: str = "total_charge") -> Decimal:
    return sum((Decimal(r[field]) for r in rows), Decimal(0))


def test_sms_charges_against_a_hand_count(api):
    before = all_pages(api, "/phone/reports/sms_charges", "sms_charges")
    a = sms_numbers(api)[0]
    assert send(api, a, ["+442071234567"], "Hello London").status_code == 201  # 1 segment to GB
    assert send(api, a, ["+12125550188"], "x" * 200).status_code == 201  # 2 segments to the US
    mms = send(api, a, ["+12125550188"], "pic", attachments=[{"base64_encoding": "iVBORw0KGgo=", "type": "PNG"}])
    assert mms.status_code == 201
    after = all_pages(api, "/phone/reports/sms_charges", "sms_charges")
    assert len(after) == len(before) + 3
    new = {r["message_id"]: r for r in after if r["message_id"] not in {b["message_id"] for b in before}}
    by_to = sorted(new.values(), key=lambda r: r["sent_time"])
    gb = next(r for r in by_to if r["to_number"] == "+442071234567")
    assert gb["rate"] == "0.0400" and gb["total_charge"] == "0.0400" and gb["message_type"] == "SMS"
    assert gb["billing_number"] == a["number"] and gb["from_email"]
    us = next(r for r in by_to if r["to_number"] == "+12125550188" and r["message_type"] == "SMS")
    assert us["rate"] == "0.0079" and us["total_charge"] == "0.0158"
    mm = new[mms.json()["message_id"]]
    assert mm["message_type"] == "MMS" and mm["total_charge"] == "0.0200"
    # the report's total moved by exactly the hand count
    assert total(after) - total(before) == Decimal("0.0400") + Decimal("0.0158") + Decimal("0.0200")
    # inbound and on-net messages cost nothing
    assert all(Decimal(r["total_charge"]) == 0 for r in after if r["delivery_status"] == "Received")


def test_sms_charges_hand_count_over_the_demo(api):
    rows = all_pages(api, "/phone/reports/sms_charges", "sms_charges")
    assert rows
    hand = Decimal(0)
    for r in rows:
        if r["delivery_status"] in ("Received", "Failed to send"):
            continue
        if r.get("to_email"):  # to a number of the account: on-net, free
            continue
        rate = Decimal(r["rate"])
        assert rate > 0
        hand += rate  # an MMS costs its rate; every demo SMS is one segment (texts under 161 characters)
    assert total(rows) == hand


def test_fax_charges_against_a_hand_count(api):
    before = all_pages(api, "/phone/reports/fax_charges", "fax_charges")
    n = numbers(api)[0]
    fid = upload(api, media.fax_pdf(["Invoice"], 3), "invoice.pdf")
    r = api.post("/phone/fax/documents", json={"file_id": fid, "sender_number": n["number"], "receivers": [
        {"receiver_number": "+442071234567"}, {"receiver_number": "+12125550100"}]})
    assert r.status_code == 201 and {x["status"] for x in r.json()["receivers"]} == {"success"}
    after = all_pages(api, "/phone/reports/fax_charges", "fax_charges")
    assert len(after) == len(before) + 2
    mine = [x for x in after if x["fax_id"] == r.json()["fax_id"]]
    gb = next(x for x in mine if x["receiver_number"] == "+442071234567")
    us = next(x for x in mine if x["receiver_number"] == "+12125550100")
    assert gb["fax_type"] == "international" and gb["rate"] == "0.0406" and gb["charged_pages"] == 3
    assert gb["total_charge"] == "0.1218"
    assert us["fax_type"] == "local" and us["total_charge"] == "0.0300" and us["billing_number"] == n["number"]
    assert total(after) - total(before) == FAX_GB * 3 + FAX_LOCAL * 3
    # hand count over the whole report: pages x rate for sent faxes
    assert total(after) == sum((Decimal(x["rate"]) * x["charged_pages"] for x in after), Decimal(0))


def test_reports_other_tenant(other_api):
    assert other_api.get("/phone/reports/sms_charges").json()["sms_charges"] == []
    assert other_api.get("/phone/reports/fax_charges").json()["fax_charges"] == []
    assert other_api.get("/phone/reports/operationlogs").json()["total_records"] == 0


def test_bad_page_token(api):
    r = api.get("/phone/reports/sms_charges", params={"next_page_token": "garbage"})
    assert r.status_code == 400


@pytest.mark.parametrize("path", ["/phone/reports/sms_charges", "/phone/reports/fax_charges",
                                  "/phone/reports/operationlogs"])
def test_missing_scope(scoped_api, path):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = c.get(path)
    assert r.status_code == 400 and r.json()["code"] == 4700
