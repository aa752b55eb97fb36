"""Phone users: audio library (text-to-speech, uploads), AI call summaries, SMS opt statuses,
and what removing a user frees."""

from __future__ import annotations

import base64
import io
import wave

import httpx
from sqlalchemy import select
from users_helpers import NM, a_user, all_users

from phonestack.phone.users.audio import tones


def _wav(seconds: float = 0.2) -> bytes:
    return tones("hello world " * int(seconds * 6))


def test_text_to_speech_makes_a_playable_wav(api, server):
    u = a_user(api)
    r = api.post(f"/phone/users/{u['id']}/audios", json={
        "audio_name": "Greeting", "text": "Thanks for calling Phonestack. Please hold.",
        "voice_language": "en-US", "voice_accent": "Joanna-Female"})
    assert r.status_code == 201, r.text
    audio_id = r.json()["audio_id"]
    assert r.json()["name"] == "Greeting"
    assert {"audio_id": audio_id, "name": "Greeting"} in api.get(f"/phone/users/{u['id']}/audios").json()["audios"]
    # the stored bytes are a real WAV (read through the database: downloading is another endpoint)
    from phonestack.store import schema as t

    with server.app.engine.connect() as conn:  # the server's own pool (SQLite or PostgreSQL)
        row = conn.execute(select(t.audio_items).where(t.audio_items.c.id == audio_id)).one()
    assert row.content_type == "audio/wav" and row.details["engine"] in ("espeak-ng", "tones")
    with wave.open(io.BytesIO(row.content)) as w:
        assert w.getnframes() / w.getframerate() > 0.5


def test_text_to_speech_errors(api):
    u = a_user(api)
    cases = [
        ({"text": ""}, "The text is empty."),
        ({"text": "x" * 3001}, "Maximum text length has been exceeded."),
        ({"text": "hi", "voice_language": "xx-XX"}, "The language is not supported."),
        ({"text": "hi", "voice_language": "en-US", "voice_accent": "Robot-Male"}, "The voice accent is not supported."),
    ]
    for body, message in cases:
        r = api.post(f"/phone/users/{u['id']}/audios", json=body)
        assert r.status_code == 400 and r.json() == {"code": 300, "message": message}, (body, r.text)
    r = api.post("/phone/users/ghost/audios", json={"text": "hello"})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.get(f"/phone/users/{u['id']}/audios").json()["audios"] == []


def test_upload_audio_items(api):
    u = a_user(api)
    mp3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
    r = api.post(f"/phone/users/{u['id']}/audios/batch", json={"attachments": [
        {"name": "hold.wav", "audio_type": "audio/wav", "base64_encoding": base64.b64encode(_wav()).decode()},
        {"name": "intro.mp3", "audio_type": "audio/mpeg", "base64_encoding": base64.b64encode(mp3).decode()},
    ]})
    assert r.status_code == 201, r.text
    names = [a["name"] for a in r.json()["audios"]]
    assert names == ["hold.wav", "intro.mp3"]
    listed = api.get(f"/phone/users/{u['id']}/audios").json()["audios"]
    assert [a["audio_id"] for a in listed] == [a["audio_id"] for a in r.json()["audios"]]


def test_upload_audio_errors(api):
    u = a_user(api)
    wav = base64.b64encode(_wav()).decode()
    r = api.post(f"/phone/users/{u['id']}/audios/batch", json={"attachments": [
        {"name": "fake.wav", "audio_type": "audio/wav", "base64_encoding": base64.b64encode(b"not audio").decode()}]})
    assert r.status_code == 400 and r.json()["code"] == 400 and "fake.wav" in r.json()["message"]
    r = api.post(f"/phone/users/{u['id']}/audios/batch", json={"attachments": [
        {"name": "song.ogg", "audio_type": "audio/ogg", "base64_encoding": wav}]})
    assert r.status_code == 400 and "song.ogg" in r.json()["message"]
    big = base64.b64encode(b"RIFF\x00\x00\x00\x00WAVE" + b"\x00" * (1024 * 1024)).decode()
    r = api.post(f"/phone/users/{u['id']}/audios/batch", json={"attachments": [
        {"name": "big.wav", "audio_type": "audio/wav", "base64_encoding": big}]})
    assert r.status_code == 400 and "size" in r.json()["message"]
    r = api.post(f"/phone/users/{u['id']}/audios/batch", json={"attachments": [
        {"name": f"a{i}.wav", "audio_type": "audio/wav", "base64_encoding": wav} for i in range(6)]})
    assert r.status_code == 400
    assert api.get(f"/phone/users/{u['id']}/audios").json()["audios"] == []  # nothing stored
    r = api.get("/phone/users/ghost/audios")
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_ai_call_summary_not_found(api, other_api):
    u = a_user(api)
    r = api.get(f"/phone/user/{u['id']}/ai_call_summary/HfBQmSIARZi5zeDMmofwTA")
    assert r.status_code == 404
    r = api.get("/phone/user/ghost/ai_call_summary/HfBQmSIARZi5zeDMmofwTA")
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_opt_statuses(api, sub_api, other_api):
    seen = {}
    for u in all_users(api):
        r = api.get(f"/phone/user/{u['id']}/sms_campaigns/phone_numbers/opt_status")
        assert r.status_code == 200, r.text
        if r.json()["phone_number_campaign_opt_statuses"]:
            seen[u["id"]] = (u, r.json()["phone_number_campaign_opt_statuses"])
    assert seen, "the demo seed records opt statuses for the numbers with an SMS campaign or consent"
    uid, (u, statuses) = next(iter(seen.items()))
    numbers = {n["number"] for n in u["phone_numbers"]}
    assert {s["zoom_phone_user_number"] for s in statuses} <= numbers
    assert {s["opt_status"] for s in statuses} == {"opt_in", "opt_out", "pending"}
    assert all(s.get("opt_in_message") for s in statuses if s["opt_in_status"] == 1)
    # a number the user no longer holds takes its statuses with it
    for n in u["phone_numbers"]:
        api.delete(f"/phone/users/{uid}/phone_numbers/{n['id']}")
    r = api.get(f"/phone/user/{uid}/sms_campaigns/phone_numbers/opt_status")
    assert r.json()["phone_number_campaign_opt_statuses"] == []
    r = other_api.get(f"/phone/user/{uid}/sms_campaigns/phone_numbers/opt_status")
    assert r.status_code == 404 and r.json()["code"] == 404


def test_offboarding_a_user_frees_everything(api, server, demo):
    """The Phone API cannot delete users (Zoom's Users API does); phonestack's admin endpoint
    does it with phone.common's rules: numbers freed, plans, shares and delegations gone."""
    users = all_users(api)
    u = next(x for x in users if x["phone_numbers"] and x["calling_plans"])
    other = next(x for x in users if x["id"] != u["id"])
    api.post(f"/phone/users/{other['id']}/settings/delegation", json={"delegation_assistant_extension_id": u["id"]})
    api.post(f"/phone/users/{other['id']}/settings/voice_mail",
             json={"voicemail_access_members": [{"access_user_id": u["id"]}]})
    api.post(f"/phone/users/{u['id']}/audios", json={"text": "bye"})
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{u['id']}")
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/users/{u['id']}").status_code == 404
    for n in u["phone_numbers"]:
        assert api.get(f"{NM}/numbers/{n['id']}").json()["assigned_list"] == []
    s = api.get(f"/phone/users/{other['id']}/settings").json()
    assert u["id"] not in [a["id"] for a in s["delegation"]["assistants"]]
    assert u["id"] not in [m["access_user_id"] for m in s["voice_mail"]]
    assert len(all_users(api)) == len(users) - 1
