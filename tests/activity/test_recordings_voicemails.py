"""Recordings, transcripts and voicemails of simulated calls through HTTP (issue 5): lists,
filters, downloads of real audio, trash and recovery, read status."""

from __future__ import annotations

import io
import wave
from typing import Any

import httpx
import pytest
from test_call_logs import RANGE, all_pages, simulate


@pytest.fixture
def sim(api, server):  # noqa: ANN001, ANN201
    """Simulated calls; ``recordings_before`` / ``voicemails_before``: what the demo seed had."""
    recs = len(all_pages(api, "/phone/recordings", "recordings", RANGE))
    vms = len(all_pages(api, "/phone/voice_mails", "voice_mails", RANGE))
    return {**simulate(server, api.account_id, calls=300, seed=21), "recordings_before": recs, "voicemails_before": vms}


def _get(api, url: str) -> httpx.Response:  # noqa: ANN001
    """A download (not JSON: outside the contract checker), with the client's bearer token."""
    return httpx.get(url, headers={"Authorization": f"Bearer {api.token}"}, timeout=30)


def _wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnframes() / w.getframerate()


def recordings(api, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    return all_pages(api, "/phone/recordings", "recordings", {**RANGE, **params})


def test_recordings_list_filters_and_owner(api, sim):
    recs = recordings(api)
    assert len(recs) == sim["recordings_before"] + sim["call_recordings"]
    assert {r["recording_type"] for r in recs} <= {"Automatic", "OnDemand"}
    auto = recordings(api, recording_type="Automatic")
    assert auto and all(r["recording_type"] == "Automatic" for r in auto)
    queue_recs = recordings(api, owner_type="callQueue")
    assert all(r["owner"]["type"] == "callQueue" for r in queue_recs)
    site = recs[0]["site"]["id"]
    assert all(r["site"]["id"] == site for r in recordings(api, site_id=site))
    user_recs = [r for r in recs if r["owner"]["type"] == "user"]
    uid = user_recs[0]["owner"]["id"]
    mine = all_pages(api, f"/phone/users/{uid}/recordings", "recordings", RANGE)
    assert {r["id"] for r in mine} == {r["id"] for r in user_recs if r["owner"]["id"] == uid}
    assert api.get("/phone/users/nobody/recordings").json()["code"] == 1001


def test_recording_download_is_real_audio_and_transcript(api, sim):
    rec = recordings(api)[0]
    r = _get(api, f"{api.server.base}/v2/phone/recording/download/{rec['id']}")
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    assert r.content[:4] == b"RIFF" and _wav_seconds(r.content) > 1
    # the same bytes every time, and through the download URL
    assert _get(api, rec["download_url"]).content == r.content
    assert api.get("/phone/recording/download/nope").status_code == 400
    t = api.get(f"/phone/recording_transcript/download/{rec['id']}", follow_redirects=False)
    assert t.status_code == 302
    doc = _get(api, t.headers["location"]).json()
    assert doc["type"] == "zoom_transcript" and doc["recording_id"] == rec["id"] and doc["timeline"]
    assert _get(api, rec["transcript_download_url"]).json() == doc


def test_recording_by_call_and_queue_recordings(api, sim):
    rec = recordings(api)[0]
    got = api.get(f"/phone/call_logs/{rec['call_log_id']}/recordings").json()
    assert got["id"] == rec["id"]
    assert api.get(f"/phone/call_logs/{rec['call_id']}/recordings").json()["call_id"] == rec["call_id"]
    r = api.get("/phone/call_logs/nope/recordings")
    assert r.status_code == 404 and r.json()["code"] == 1001
    queue_recs = recordings(api, owner_type="callQueue")
    if queue_recs:
        qid = queue_recs[0]["owner"]["id"]
        body = api.get(f"/phone/call_queues/{qid}/recordings", params={**RANGE, "page_size": 100}).json()
        assert {r["id"] for r in body["recordings"]} == {r["id"] for r in queue_recs if r["owner"]["id"] == qid}
    assert api.get("/phone/call_queues/nope/recordings").status_code in (400, 404)


def test_recording_trash_recover_and_auto_delete(api, sim, other_api):
    rec = recordings(api)[0]
    assert other_api.delete(f"/phone/recordings/{rec['id']}").status_code == 404
    assert api.patch(f"/phone/recordings/{rec['id']}", json={"auto_delete_enable": False}).status_code == 204
    assert next(r for r in recordings(api) if r["id"] == rec["id"])["auto_delete_enable"] is False
    assert api.delete(f"/phone/recordings/{rec['id']}").status_code == 204
    assert rec["id"] not in {r["id"] for r in recordings(api)}
    trashed = api.get(f"/phone/call_logs/{rec['call_log_id']}/recordings").json()
    assert trashed["deleted_time"] and trashed["soft_deleted_type"] == "Manual"
    assert api.put(f"/phone/recordings/{rec['id']}/status", json={"action": "recover"}).status_code == 204
    assert rec["id"] in {r["id"] for r in recordings(api)}
    assert api.delete(f"/phone/recordings/{rec['id']}").status_code == 204
    assert api.delete(f"/phone/recordings/{rec['id']}").status_code == 204  # from the trash: gone
    r = api.delete(f"/phone/recordings/{rec['id']}")
    assert r.status_code == 404 and r.json()["code"] == 404


def test_voicemails_list_detail_download_status_delete(api, sim, other_api):
    vms = all_pages(api, "/phone/voice_mails", "voice_mails", RANGE)
    assert len(vms) == sim["voicemails_before"] + sim["voicemails"]
    unread = all_pages(api, "/phone/voice_mails", "voice_mails", {**RANGE, "status": "unread"})
    assert unread and all(v["status"] == "unread" for v in unread)
    vm = unread[0]
    d = api.get(f"/phone/voice_mails/{vm['id']}").json()
    assert d["id"] == vm["id"] and d["transcription"]["content"]
    audio = _get(api, f"{api.server.base}/v2/phone/voice_mails/download/{vm['id']}")
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF" and _wav_seconds(audio.content) > 0.5
    assert _get(api, vm["download_url"]).content == audio.content
    assert api.patch(f"/phone/voice_mails/{vm['id']}", params={"read_status": "Read"}).status_code == 204
    assert api.get(f"/phone/voice_mails/{vm['id']}").json()["status"] == "read"
    assert api.patch(f"/phone/voice_mails/{vm['id']}", params={"read_status": "Unread"}).status_code == 204
    assert api.get(f"/phone/voice_mails/{vm['id']}").json()["status"] == "unread"
    assert other_api.get(f"/phone/voice_mails/{vm['id']}").status_code in (400, 404)
    assert api.delete(f"/phone/voice_mails/{vm['id']}").status_code == 204
    r = api.get(f"/phone/voice_mails/{vm['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.get("/phone/voice_mails/download/nope").status_code == 400
    assert api.patch("/phone/voice_mails/nope").status_code == 400


def test_user_voicemails_and_from_call_log(api, sim):
    vms = all_pages(api, "/phone/voice_mails", "voice_mails", RANGE)
    vm = next(v for v in vms if v["owner"]["type"] == "user")
    uid = vm["owner"]["id"]
    mine = all_pages(api, f"/phone/users/{uid}/voice_mails", "voice_mails", RANGE)
    assert {v["id"] for v in mine} == {v["id"] for v in vms if v["owner"]["id"] == uid}
    got = api.get(f"/phone/users/{uid}/call_logs/{vm['call_log_id']}/voice_mail").json()
    assert got["id"] == vm["id"]
    r = api.get(f"/phone/users/{uid}/call_logs/nope/voice_mail")
    assert r.status_code == 404 and r.json()["code"] == 404
    assert api.get("/phone/users/nobody/voice_mails").json()["code"] == 1001


def test_recording_and_voicemail_scopes(scoped_api, sim):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    assert c.get("/phone/recording/download/x").json()["code"] == 4700
    assert c.get("/phone/voice_mails/download/x").json()["code"] == 4700
    assert c.delete("/phone/recordings/x").json()["code"] == 4700
