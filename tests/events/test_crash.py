"""Killing the server (SIGKILL) between a change and its delivery loses no event: a server
restarted on the same SQLite file delivers it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wh_helpers import CNAM, NM, Process, Receiver, peering_number, subscribe, verify, wait_deliveries

from phonestack.testing.server import free_port


@pytest.fixture
def processes(tmp_path) -> Iterator[list[Process]]:  # noqa: ANN001
    started: list[Process] = []
    yield started
    for p in started:
        p.kill()


def _change(first: Process, receiver: Receiver) -> tuple[str, dict]:
    with first.client() as api:
        subscribe(first.base, receiver, [CNAM], client_id=api.creds["client_id"])
        peer = peering_number(api)
        r = api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "After Crash"})
        assert r.status_code == 204, r.text
    return api.creds["account_id"], peer


def _delivered_after_restart(tmp_path, processes, receiver, account_id: str, peer: dict, before: int) -> None:  # noqa: ANN001
    second = Process(str(tmp_path / "crash.db"), free_port())
    processes.append(second)
    rec = receiver.wait_for(lambda got: len(got) > before, timeout=20)[-1]
    verify(rec, receiver.secret)
    assert rec.json["event"] == CNAM
    assert rec.json["payload"] == {"account_id": account_id, "object": {
        "carrier_code": 9998, "cnam": "After Crash", "phone_numbers": [peer["number"]]}}
    (d,) = wait_deliveries(second.base, lambda ds: ds and ds[0]["status"] == "delivered", timeout=20)
    assert d["id"] == rec.headers["x-zm-trackingid"] and d["history"][-1]["status"] == 200


def test_killed_while_the_receiver_is_down(tmp_path, processes, receiver):
    """The change commits, every attempt fails (503), the server is killed; after a restart the
    pending row is sent and the receiver, now up, gets it."""
    first = Process(str(tmp_path / "crash.db"), free_port())
    processes.append(first)
    receiver.statuses = [503] * 1000
    account_id, peer = _change(first, receiver)
    first.kill()
    assert all(r.event == CNAM for r in receiver.events())  # only failed attempts so far
    receiver.statuses = []
    _delivered_after_restart(tmp_path, processes, receiver, account_id, peer, before=len(receiver.events()))


def test_killed_in_the_middle_of_a_delivery(tmp_path, processes, receiver):
    """The worker has claimed the row and is waiting for the receiver when the server is
    killed: the row's lease runs out and the restarted server sends it again."""
    first = Process(str(tmp_path / "crash.db"), free_port())
    processes.append(first)
    receiver.delay = 3
    account_id, peer = _change(first, receiver)
    receiver.wait_for(lambda got: len(got) == 1)  # the attempt is in flight
    first.kill()
    receiver.delay = 0
    _delivered_after_restart(tmp_path, processes, receiver, account_id, peer, before=1)
