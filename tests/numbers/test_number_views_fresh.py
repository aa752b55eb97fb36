"""The rendered-number caches (store/fast.py RenderCache) of List and Get are keyed by the row
versions of every row the view reads: a change to the number, to its
site's name, to its assignee or its assignee's name, and a deleted assignee (a foreign-key
action, no application code) show at once in List and Get, on every page already rendered."""

from __future__ import annotations

import httpx
from sqlalchemy import create_engine, text

NM = "/accounts/me/number_management/numbers"


def _everywhere(api, number_id: str) -> list[dict]:  # noqa: ANN001
    """The number as Get and as every page of List show it."""
    listed, _ = _walk(api, 100)
    return [api.get(f"{NM}/{number_id}").json(), *(n for n in listed if n["id"] == number_id)]


def _walk(api, page_size: int) -> tuple[list[dict], set[int]]:  # noqa: ANN001
    """Every number of the unfiltered list, page by page; the totals that the pages gave."""
    numbers: list[dict] = []
    totals: set[int] = set()
    params: dict = {"page_size": page_size}
    while True:
        page = api.get(NM, params=params).json()
        assert len(page["numbers"]) <= page_size
        numbers += page["numbers"]
        totals.add(page["total_records"])
        if not page["next_page_token"]:
            return numbers, totals
        params["next_page_token"] = page["next_page_token"]


def _made_anew(api, number: dict) -> None:  # noqa: ANN001
    """A write (the number's display name), so that no kept answer serves the next reads."""
    assert api.patch(f"{NM}/{number['id']}", json={"display_name": "Made anew"}).status_code == 204


def _free_number(api) -> dict:  # noqa: ANN001
    """An unassigned, active number in a site (Phone API view)."""
    return next(n for n in api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()[
        "phone_numbers"] if n.get("status") != "pending" and n.get("site"))


def test_changes_show_at_once_in_list_and_get(api):
    free = _free_number(api)
    number_id, site_id = free["id"], free["site"]["id"]
    before = _everywhere(api, number_id)  # renders (and caches) the number in both views
    assert len(before) == 2 and before[1]["assigned_list"] == []

    assert api.patch(f"{NM}/{number_id}", json={"display_name": "Fresh view"}).status_code == 204
    assert [n.get("display_name") for n in _everywhere(api, number_id)] == ["Fresh view", "Fresh view"]

    # A joined value: the site's name.
    assert api.patch(f"/phone/sites/{site_id}", json={"name": "Renamed for the view"}).status_code == 204
    assert [n["site"]["name"] for n in _everywhere(api, number_id)] == ["Renamed for the view"] * 2

    # The assignee, then the assignee's name.
    user = api.get("/phone/users", params={"site_id": site_id, "page_size": 1}).json()["users"][0]
    r = api.post(f"/phone/users/{user['id']}/phone_numbers", json={"phone_numbers": [{"id": number_id}]})
    assert r.status_code in (200, 201), r.text
    assigned = _everywhere(api, number_id)
    assert [[a["assigned_to_id"] for a in n["assigned_list"]] for n in assigned] == [[user["id"]]] * 2
    assert api.delete(f"/phone/users/{user['id']}/phone_numbers/{number_id}").status_code == 204
    assert [n["assigned_list"] for n in _everywhere(api, number_id)] == [[], []]


def test_assignee_renamed_and_deleted_show_at_once(api):
    free = _free_number(api)
    number_id = free["id"]
    r = api.post("/phone/call_queues", json={"name": "View Queue", "site_id": free["site"]["id"]})
    assert r.status_code == 201, r.text
    queue_id = r.json()["id"]
    r = api.post(f"/phone/call_queues/{queue_id}/phone_numbers", json={"phone_numbers": [{"id": number_id}]})
    assert r.status_code == 204, r.text
    names = [[a["assgined_to_name"] for a in n["assigned_list"]] for n in _everywhere(api, number_id)]
    assert names == [["View Queue"]] * 2

    assert api.patch(f"/phone/call_queues/{queue_id}", json={"name": "Renamed Queue"}).status_code == 204
    names = [[a["assgined_to_name"] for a in n["assigned_list"]] for n in _everywhere(api, number_id)]
    assert names == [["Renamed Queue"]] * 2

    # Deleting the queue frees the number through ON DELETE SET NULL alone (phone/common.py).
    assert api.delete(f"/phone/call_queues/{queue_id}").status_code == 204
    assert [n["assigned_list"] for n in _everywhere(api, number_id)] == [[], []]


def test_the_database_bumps_row_versions(outside_conn, api):
    """Every update bumps row_version, whoever writes: plain SQL and foreign-key actions too."""
    conn = outside_conn
    account = api.account_id
    group = conn.execute(text("SELECT id, row_version FROM sip_groups WHERE account_id = :a LIMIT 1"),
                         {"a": account}).first()
    conn.execute(text("UPDATE sip_groups SET display_name = 'Renamed' WHERE id = :g"), {"g": group.id})
    assert conn.execute(text("SELECT row_version FROM sip_groups WHERE id = :g"),
                        {"g": group.id}).scalar_one() == group.row_version + 1
    # An explicit row_version is overridden: the database counts, not the caller.
    conn.execute(text("UPDATE sip_groups SET row_version = 0 WHERE id = :g"), {"g": group.id})
    assert conn.execute(text("SELECT row_version FROM sip_groups WHERE id = :g"),
                        {"g": group.id}).scalar_one() == group.row_version + 2
    number = conn.execute(text(
        "SELECT id, row_version FROM phone_numbers WHERE account_id = :a AND sip_group_id IS NOT NULL"
        " LIMIT 1"), {"a": account}).first()
    if number is None:
        number = conn.execute(text("SELECT id, row_version FROM phone_numbers WHERE account_id = :a"
                                   " LIMIT 1"), {"a": account}).first()
        conn.execute(text("UPDATE phone_numbers SET sip_group_id = :g WHERE id = :n"),
                     {"g": group.id, "n": number.id})
        number = conn.execute(text("SELECT id, row_version FROM phone_numbers WHERE id = :n"),
                              {"n": number.id}).first()
    conn.execute(text("DELETE FROM sip_groups WHERE id = :g"), {"g": group.id})
    after = conn.execute(text("SELECT sip_group_id, row_version FROM phone_numbers WHERE id = :n"),
                         {"n": number.id}).first()
    assert after.sip_group_id is None and after.row_version == number.row_version + 1


def _joined_view_columns() -> list:
    """The columns of other tables that the number's view shows (numbers/queries.py)."""
    from phonestack.numbers import queries as q

    cols = [getattr(c, "element", c) for c in q.number_view_columns]
    return [c for c in cols if c.table.name != "phone_numbers"]


def test_a_joined_value_the_view_shows_changes_the_numbers_view_key(outside_conn, api):
    """The list's and Get's cache key is read from phone_numbers alone (id, row_version and the
    account's names version), and the database keeps it exact, whoever writes (migration
    0008): a change of what the view shows of the assignee bumps the assigned number alone; a
    renamed site or SIP group bumps the account's names version. Every joined column of the view
    is tried, so a column added to the view without a trigger fails here."""
    from sqlalchemy import select, update

    from phonestack.store import schema as t

    pointers = {"sites": "site_id", "sip_groups": "sip_group_id", "extensions": "assignee_id"}
    joined = _joined_view_columns()
    assert {c.table.name for c in joined} == set(pointers)
    conn, pn, nvv, account = outside_conn, t.phone_numbers, t.number_view_versions, api.account_id
    numbers = conn.execute(select(pn.c.id).where(pn.c.account_id == account).order_by(pn.c.pk)
                           .limit(2)).scalars().all()
    targets = {}
    for name, pointer in pointers.items():
        table = t.metadata.tables[name]
        targets[name] = conn.execute(select(table.c.id).where(table.c.account_id == account)
                                     .limit(1)).scalar_one()
        conn.execute(update(pn).where(pn.c.id == numbers[0]).values({pointer: targets[name]}))
        conn.execute(update(pn).where(pn.c.id == numbers[1]).values({pointer: None}))

    def key() -> tuple:
        """(the two numbers' row versions, the account's names version)"""
        versions = dict(conn.execute(select(pn.c.id, pn.c.row_version).where(pn.c.id.in_(numbers))).all())
        names = conn.execute(select(nvv.c.version).where(nvv.c.account_id == account)).scalar()
        return versions[numbers[0]], versions[numbers[1]], names or 0

    for col in joined:
        table = col.table
        old = conn.execute(select(col).where(table.c.id == targets[table.name])).scalar_one()
        kind = col.type.python_type
        new = ({"changed": True} if kind is dict else (old or 0) + 7_000_000 if kind is int
               else f"{old} changed")
        mine, other, names = key()
        conn.execute(update(table).where(table.c.id == targets[table.name]).values({col.name: new}))
        if table.name == "extensions":
            assert key() == (mine + 1, other, names), f"{table.name}.{col.name}"
        else:
            assert key() == (mine, other, names + 1), f"{table.name}.{col.name}"
        # The same value again changes nothing the view shows: nothing bumps.
        changed = key()
        conn.execute(update(table).where(table.c.id == targets[table.name]).values({col.name: new}))
        assert key() == changed, f"{table.name}.{col.name} unchanged"



def test_writes_from_outside_the_server_show_at_once(server, api):
    """A write by another connection (the CLI, another process, a database client) shows in the
    very next read, whichever read path it takes: the prepared reads' kept cursors
    (store/fast.py) hold no statement, and so no snapshot, open between requests."""
    number_id = _free_number(api)["id"]
    engine = create_engine(server.database_url)
    try:
        for name in ("Outside 1", "Outside 2"):
            seen = _everywhere(api, number_id)
            assert [n.get("display_name") == name for n in seen] == [False, False]
            assert api.get(f"{NM}/{number_id}").status_code == 200  # the last read: a prepared one
            with engine.begin() as conn:
                conn.execute(text("UPDATE phone_numbers SET display_name = :d WHERE id = :n"),
                             {"d": name, "n": number_id})
            # Another operation's read (SQLAlchemy on the same kept connection) first, then both views.
            assert api.get(f"/phone/numbers/{number_id}").json()["display_name"] == name
            assert [n.get("display_name") for n in _everywhere(api, number_id)] == [name, name]
    finally:
        engine.dispose()


def test_a_state_import_brings_back_no_view_of_another_timeline(api, raw):
    """An import restores the ids and row versions of the moment it was exported: edits made
    after it, then again after the import, give the same row version to different content. The
    views must show the new content, not what was rendered for that row version before."""
    number_id = _free_number(api)["id"]
    state = raw.get("/_phonestack/state").json()
    original = _everywhere(api, number_id)
    for name in ("Before the import", "After the import"):
        assert api.patch(f"{NM}/{number_id}", json={"display_name": name}).status_code == 204
        assert [n.get("display_name") for n in _everywhere(api, number_id)] == [name, name]
        r = raw.post("/_phonestack/state", json=state)
        assert r.status_code == 200, r.text
        assert _everywhere(api, number_id) == original


def test_one_state_imported_by_two_servers_in_one_process_keeps_them_apart():
    """The testing toolkit's servers share a process (and its caches): two of them loaded from
    one state document, then edited apart, each show their own edit."""
    from phonestack.testing import running

    with running() as first, running() as second:
        state = httpx.get(f"{first.url}/_phonestack/state").json()
        assert httpx.post(f"{second.url}/_phonestack/state", json=state).status_code == 200
        assert httpx.post(f"{first.url}/_phonestack/state", json=state).status_code == 200
        number_id = state["tables"]["phone_numbers"][0]["id"]
        for zoom in (first, second):  # each renders the number as imported
            zoom.token = zoom.new_token(first.account_id, first.client_id, first.client_secret)
            assert httpx.get(f"{zoom.base_url}{NM}/{number_id}", headers=zoom.headers).status_code == 200
        for zoom, name in ((first, "First server"), (second, "Second server")):
            r = httpx.patch(f"{zoom.base_url}{NM}/{number_id}", json={"display_name": name}, headers=zoom.headers)
            assert r.status_code == 204, r.text
        shown = [httpx.get(f"{z.base_url}{NM}/{number_id}", headers=z.headers).json() for z in (first, second)]
        assert [n.get("display_name") for n in shown] == ["First server", "Second server"]


def test_pages_made_from_rendered_numbers_walk_the_same_list(api):
    """A page whose numbers are all rendered already is made from one row of the page's keys
    (ids and row versions each joined in one text: store/fast.py joined_text) and finds the next
    page's position itself: walked so, the list gives every number once, in the order of the
    walk that rendered them (which read the rows), at page sizes that end a page anywhere."""
    for size in (7, 10, 1):
        rendered, totals = _walk(api, size)
        ids = [n["id"] for n in rendered]
        assert totals == {len(ids)} and len(set(ids)) == len(ids) > 40
        _made_anew(api, rendered[-1])  # the last page is read as rows again; the others from keys
        walked, totals = _walk(api, size)
        assert [n["id"] for n in walked] == ids, size
        assert walked[:-1] == rendered[:-1] and walked[-1]["display_name"] == "Made anew"
        assert totals == {len(ids)}


def test_an_id_holding_a_comma_lists_as_any_other(server, api):
    """Ids are the server's own (no comma), but a state import or a database client can write
    any text: a page of keys whose ids do not split back into as many as it counted is read as
    rows, so the number is listed, once, where it stood. Here the id is two other numbers' ids
    joined, at the end of a page, with the row version of the first: split, it would name that
    rendered number, and the page would show it twice."""
    before, _ = _walk(api, 100)
    first = before[0]["id"]
    comma = f"{first},{before[1]['id']}"
    engine = create_engine(server.database_url)
    try:
        with engine.begin() as conn:
            number_id = conn.execute(text(
                "SELECT id FROM phone_numbers n WHERE account_id = :a AND assignee_id IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM sca_internal_numbers s WHERE s.phone_number_id = n.id)"
                " AND NOT EXISTS (SELECT 1 FROM caller_id_numbers c WHERE c.phone_number_id = n.id)"
                " ORDER BY pk LIMIT 1 OFFSET 3"), {"a": api.account_id}).scalar_one()
            conn.execute(text("UPDATE phone_numbers SET id = :c WHERE id = :n"), {"c": comma, "n": number_id})

            def version(i: str) -> int:
                return conn.execute(text("SELECT row_version FROM phone_numbers WHERE id = :i"),
                                    {"i": i}).scalar_one()

            while version(first) != version(comma):  # every update bumps it (migration 0007)
                conn.execute(text("UPDATE phone_numbers SET display_name = display_name WHERE id = :i"),
                             {"i": min((first, comma), key=version)})
            assert version(first) == version(comma)
    finally:
        engine.dispose()
    at = [n["id"] for n in before].index(number_id)
    for _ in range(2):  # rendering the pages, then with every number rendered
        numbers, totals = _walk(api, at + 1)
        ids = [n["id"] for n in numbers]
        assert ids.count(comma) == 1 and ids.index(comma) == at and ids.count(first) == 1
        assert len(set(ids)) == len(ids) and totals == {len(ids)}
        _made_anew(api, numbers[-1])
    assert api.get(f"{NM}/{comma}").json()["id"] == comma
