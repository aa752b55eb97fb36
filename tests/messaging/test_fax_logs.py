"""Faxes through HTTP (issue 5): upload a file, send it, the logs (account, extension, details),
read status, delete, the real PDF download; errors, scopes and tenants."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import pytest
from test_sms_sessions import all_pages

from phonestack.messaging import media


def numbers(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """Numbers assigned to users: [{number, user_id}]."""
    out = []
    for n in all_pages(api, "/accounts/me/number_management/numbers", "numbers"):
        holders = [x for x in n.get("assigned_list") or [] if x.get("assigned_to_type") == "User"]
        if holders:
            out.append({"number": n["number"], "user_id": holders[0]["assigned_to_id"]})
    return out


def upload(api, data: bytes, name: str = "fax.zip") -> str:  # noqa: ANN001
    r = api.post("/fax/files", files={"file": (name, data, "application/zip")})
    assert r.status_code == 201, r.text
    return r.json()["file_id"]


def download(api, path: str) -> httpx.Response:  # noqa: ANN001
    """A download (bytes, not JSON: outside the contract checker), with the client's token."""
    return httpx.get(f"{api.server.base}/v2{path}", headers={"Authorization": f"Bearer {api.token}"}, timeout=30)


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_demo_fax_logs_and_pdf(api):
    logs = all_pages(api, "/phone/fax/logs", "fax_logs")
    assert logs
    times = [x["create_time"] for x in logs]
    assert times == sorted(times, reverse=True)
    log = logs[0]
    r = download(api, f"/phone/fax/logs/{log['fax_log_id']}/file/{log['file_id']}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-1.4") and r.content.rstrip().endswith(b"%%EOF")
    assert media.pdf_pages(r.content) == log["file_pages_count"]


def test_upload_send_and_logs(api):
    nums = numbers(api)
    sender, colleague = nums[0], nums[1]
    pdf = media.fax_pdf(["Contract", "Please sign"], 3)
    fid = upload(api, zip_of({"1.pdf": pdf}))
    body = {"file_id": fid, "sender_number": sender["number"], "sender_name": "Front desk",
            "receivers": [{"receiver_number": "+12125550100", "receiver_name": "Law firm"},
                          {"receiver_number": colleague["number"]}, {"receiver_number": "12125550100"}]}
    r = api.post("/phone/fax/documents", json=body)
    assert r.status_code == 201, r.text
    res = r.json()
    statuses = [x["status"] for x in res["receivers"]]
    assert statuses == ["success", "success", "invalid_receiver_number"]
    log_id = res["receivers"][0]["fax_log_id"]
    # in the account's list at once, newest first
    logs = api.get("/phone/fax/logs", params={"page_size": 10}).json()["fax_logs"]
    mine = [x for x in logs if x["fax_id"] == res["fax_id"]]
    assert len(mine) == 3  # two outbound logs (one per receiver) and the colleague's inbound log
    assert {x["direction"] for x in mine} == {"outbound", "inbound"}
    out = next(x for x in mine if x["fax_log_id"] == log_id)
    assert out["sender_number"] == sender["number"] and out["receiver_number"] == "+12125550100"
    assert out["file_pages_count"] == 3 and out["sender_type"] == "openapi" and out["status"] == "sent"
    # the sender's extension logs, and the colleague's
    ext = all_pages(api, f"/phone/extension/{sender['user_id']}/fax/logs", "fax_logs")
    assert log_id in [x["fax_log_id"] for x in ext]
    theirs = all_pages(api, f"/phone/extension/{colleague['user_id']}/fax/logs", "fax_logs")
    inbound = [x for x in theirs if x["fax_id"] == res["fax_id"]]
    assert len(inbound) == 1 and inbound[0]["direction"] == "inbound" and inbound[0]["read_status"] == "unread"
    # the document served is the uploaded PDF
    got = download(api, f"/phone/fax/logs/{log_id}/file/{out['file_id']}")
    assert got.status_code == 200 and got.content == pdf
    # details: the workflow nodes
    det = api.get(f"/phone/fax/logs/{log_id}").json()
    assert [n["node"] for n in det] == [0, 1] and det[-1]["status"] == "sent"


def test_zip_of_several_files_makes_one_page_each(api):
    n = numbers(api)[0]
    fid = upload(api, zip_of({"1.txt": b"hello", "2.png": media.png(1), "3.txt": b"bye"}))
    r = api.post("/phone/fax/documents", json={"file_id": fid, "sender_number": n["number"],
                                               "receivers": [{"receiver_number": "+12125550101"}]})
    log_id = r.json()["receivers"][0]["fax_log_id"]
    log = api.get(f"/phone/fax/logs/{log_id}").json()[0]
    assert log["file_pages_count"] == 3
    pdf = download(api, f"/phone/fax/logs/{log_id}/file/{log['file_id']}").content
    assert media.pdf_pages(pdf) == 3 and b"1.txt" in pdf


def test_read_status_and_delete(api):
    inbound = next(x for x in all_pages(api, "/phone/fax/logs", "fax_logs") if x["direction"] == "inbound")
    lid = inbound["fax_log_id"]
    assert api.patch(f"/phone/fax/logs/{lid}", json={"read_status": "unread"}).status_code == 204
    assert api.get(f"/phone/fax/logs/{lid}").json()[0]["read_status"] == "unread"
    assert api.patch(f"/phone/fax/logs/{lid}", json={"read_status": "read"}).status_code == 204
    assert api.get(f"/phone/fax/logs/{lid}").json()[0]["read_status"] == "read"
    r = api.patch(f"/phone/fax/logs/{lid}", json={"read_status": "maybe"})
    assert r.status_code == 400 and r.json()["code"] == 400201
    assert api.delete(f"/phone/fax/logs/{lid}").status_code == 204
    r = api.get(f"/phone/fax/logs/{lid}")
    assert r.status_code == 404 and r.json()["code"] == 40401
    assert lid not in [x["fax_log_id"] for x in all_pages(api, "/phone/fax/logs", "fax_logs")]
    r = api.delete(f"/phone/fax/logs/{lid}")
    assert r.status_code == 404 and r.json()["code"] == 400001
    r = api.patch(f"/phone/fax/logs/{lid}", json={"read_status": "read"})
    assert r.status_code == 400 and r.json()["code"] == 400001


def test_send_errors(api):
    n = numbers(api)[0]
    fid = upload(api, media.fax_pdf(["x"]), "x.pdf")
    r = api.post("/phone/fax/documents", json={"file_id": "nope", "sender_number": n["number"],
                                               "receivers": [{"receiver_number": "+12125550101"}]})
    assert r.status_code == 400
    r = api.post("/phone/fax/documents", json={"file_id": fid, "sender_number": "+19995550000",
                                               "receivers": [{"receiver_number": "+12125550101"}]})
    assert r.status_code == 201 and r.json()["receivers"][0]["status"] == "invalid_sender_number"
    r = api.post("/phone/fax/documents", json={"file_id": fid, "sender_number": n["number"],
                                               "receivers": [{"receiver_number": f"+1212555{i:04d}"} for i in range(51)]})
    assert r.status_code == 400
    assert api.post("/fax/files", json={"file": "x"}).status_code == 400


def test_download_errors(api):
    log = api.get("/phone/fax/logs").json()["fax_logs"][0]
    r = api.get(f"/phone/fax/logs/nope/file/{log['file_id']}")
    assert r.status_code == 404 and r.json()["code"] == 40401
    r = api.get(f"/phone/fax/logs/{log['fax_log_id']}/file/nope")
    assert r.status_code == 404 and r.json()["code"] == 40402


def test_other_tenant(api, other_api):
    log = api.get("/phone/fax/logs").json()["fax_logs"][0]
    assert other_api.get("/phone/fax/logs").json()["fax_logs"] == []
    assert other_api.get(f"/phone/fax/logs/{log['fax_log_id']}").status_code == 404
    assert download(other_api, f"/phone/fax/logs/{log['fax_log_id']}/file/{log['file_id']}").status_code == 404
    assert other_api.delete(f"/phone/fax/logs/{log['fax_log_id']}").status_code == 404
    assert other_api.get(f"/phone/extension/{log['extension_id']}/fax/logs").status_code == 404
    fid = upload(api, media.fax_pdf(["x"]), "x.pdf")
    r = other_api.post("/phone/fax/documents", json={"file_id": fid, "sender_number": "+12125550100",
                                                     "receivers": [{"receiver_number": "+12125550101"}]})
    assert r.status_code == 400  # another tenant's file does not exist for them
    assert api.get(f"/phone/fax/logs/{log['fax_log_id']}").status_code == 200


@pytest.mark.parametrize("method,path", [("get", "/phone/fax/logs"), ("post", "/fax/files"),
                                         ("delete", "/phone/fax/logs/x")])
def test_missing_scope(scoped_api, method, path):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = getattr(c, method)(path)
    assert r.status_code == 400 and r.json()["code"] == 4700
