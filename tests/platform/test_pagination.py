"""next_page_token pagination: keyset, signed, bound to its query, expiring after 15 minutes."""

from __future__ import annotations

import time

from phonestack.http.pagination import scope_of

NUMBERS = "/accounts/me/number_management/numbers"


def _walk(api, page_size: int, during=None, path: str = NUMBERS, key: str = "numbers",  # noqa: ANN001
          **params: str) -> tuple[list[str], set[int]]:
    """Every page of the list at ``path`` (filtered by ``params``): the ids, the totals given."""
    ids: list[str] = []
    totals: set[int] = set()
    token = ""
    pages = 0
    while True:
        r = api.get(path, params={**params, "page_size": page_size, "next_page_token": token})
        assert r.status_code == 200, r.text
        body = r.json()
        totals.add(body["total_records"])
        assert body["page_size"] == page_size
        assert len(body[key]) <= page_size
        ids += [n["id"] for n in body[key]]
        pages += 1
        if during and pages == 1:
            during()
        token = body["next_page_token"]
        if not token:
            return ids, totals


def test_walking_all_pages_returns_every_number_once(api):
    everything = api.get(NUMBERS, params={"page_size": 100}).json()
    assert everything["next_page_token"] == ""
    ids, totals = _walk(api, 7)
    assert len(ids) == len(set(ids)) == everything["total_records"]
    assert ids == [n["id"] for n in everything["numbers"]]
    assert totals == {everything["total_records"]}


def test_rows_inserted_or_deleted_meanwhile_never_duplicate_or_skip(api):
    before = [n["id"] for n in api.get(NUMBERS, params={"page_size": 100}).json()["numbers"]]

    def change() -> None:
        r = api.post("/accounts/me/number_management/byoc_numbers",
                      json={"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12065550199"],
                            "site_id": _site(api)})
        assert r.status_code == 201, r.text

    ids, _ = _walk(api, 5, during=change)
    assert len(ids) == len(set(ids))
    # every number that existed at the start is seen exactly once; the new one comes last
    assert ids[: len(before)] == before
    assert len(ids) == len(before) + 1


def _site(api) -> str:  # noqa: ANN001
    numbers = api.get(NUMBERS, params={"page_size": 100}).json()["numbers"]
    return next(n["site"]["site_id"] for n in numbers if n.get("site"))


def test_token_is_bound_to_the_filters(api):
    r = api.get(NUMBERS, params={"page_size": 2, "number_type": "Toll"})
    token = r.json()["next_page_token"]
    assert token
    same = api.get(NUMBERS, params={"page_size": 2, "number_type": "Toll", "next_page_token": token})
    assert same.status_code == 200
    other = api.get(NUMBERS, params={"page_size": 2, "number_type": "TollFree", "next_page_token": token})
    assert other.status_code == 400
    assert other.json()["code"] == 1003100


def test_expired_token_is_refused(api, server):
    # a token minted 16 minutes ago for this very query
    scope = scope_of("listNumberManagementPhoneNumbers", api.account_id, {"page_size": 2})
    old = server.app.page_tokens.encode(scope, [1, 10], now=time.time() - 16 * 60)
    fresh = server.app.page_tokens.encode(scope, [1, 10])
    assert api.get(NUMBERS, params={"page_size": 2, "next_page_token": fresh}).status_code == 200
    r = api.get(NUMBERS, params={"page_size": 2, "next_page_token": old})
    assert r.status_code == 400
    assert r.json() == {"code": 1003100, "message": "The next page token is either invalid or has expired"}


def test_page_size_default_and_bounds(api):
    r = api.get(NUMBERS)
    assert r.json()["page_size"] == 30
    assert len(r.json()["numbers"]) == 30
    assert api.get(NUMBERS, params={"page_size": 0}).status_code == 400
    assert api.get(NUMBERS, params={"page_size": 101}).status_code == 400


def test_deep_page_uses_the_key_not_an_offset(api, server):
    # a page token far into the inventory answers the rows after that key, at once
    scope = scope_of("listNumberManagementPhoneNumbers", api.account_id, {"page_size": 3})
    all_ids = [n["id"] for n in api.get(NUMBERS, params={"page_size": 100}).json()["numbers"]]
    with server.app.engine.connect() as conn:
        from sqlalchemy import select

        from phonestack.store import schema as t

        pks = dict(conn.execute(select(t.phone_numbers.c.id, t.phone_numbers.c.pk)
                                .where(t.phone_numbers.c.id.in_(all_ids))).all())
    token = server.app.page_tokens.encode(scope, [pks[all_ids[20]], len(all_ids)])
    page = api.get(NUMBERS, params={"page_size": 3, "next_page_token": token}).json()
    assert [n["id"] for n in page["numbers"]] == all_ids[21:24]
    assert page["total_records"] == len(all_ids)


def test_later_pages_carry_the_first_pages_total_and_do_not_count_again(api):
    first = api.get(NUMBERS, params={"page_size": 2}).json()
    total = first["total_records"]
    r = api.post("/accounts/me/number_management/byoc_numbers",
                 json={"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12065550177"], "site_id": _site(api)})
    assert r.status_code == 201, r.text
    # The walk that began before the new number keeps its first page's total (carried in the
    # token, not counted again); a first page counts, with the new number.
    second = api.get(NUMBERS, params={"page_size": 2, "next_page_token": first["next_page_token"]}).json()
    assert second["total_records"] == total
    assert api.get(NUMBERS, params={"page_size": 3}).json()["total_records"] == total + 1
    # The same on a filtered list (counted by the query itself).
    params = {"page_size": 2, "allocated_product": "ZOOM_PHONE"}
    first = api.get(NUMBERS, params=params).json()
    r = api.post("/accounts/me/number_management/byoc_numbers",
                 json={"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12065550178"], "site_id": _site(api)})
    assert r.status_code == 201, r.text
    second = api.get(NUMBERS, params={**params, "next_page_token": first["next_page_token"]}).json()
    assert second["total_records"] == first["total_records"]
    assert api.get(NUMBERS, params=params).json()["total_records"] == first["total_records"] + 1


def test_empty_next_page_token_means_first_page(api):
    a = api.get(NUMBERS, params={"page_size": 3}).json()
    b = api.get(NUMBERS, params={"page_size": 3, "next_page_token": ""}).json()
    assert a["numbers"] == b["numbers"]


def test_other_tenant_cannot_use_my_token(api, other_api):
    token = api.get(NUMBERS, params={"page_size": 2}).json()["next_page_token"]
    r = other_api.get(NUMBERS, params={"page_size": 2, "next_page_token": token})
    assert r.status_code == 400
    assert r.json()["code"] == 1003100


def test_a_filtered_lists_total_counts_the_rows_it_walks(api):
    """The first page's total of a filtered list is counted without the view's joins
    (Context.page ``count``): it must still count exactly the rows the pages give, for every
    filter, the one that reads a joined table (extension_type) included."""
    site = _site(api)
    cases = [
        (NUMBERS, "numbers", {"assigned_status": "assigned"}),
        (NUMBERS, "numbers", {"assigned_status": "unassigned"}),
        (NUMBERS, "numbers", {"assigned_status": "unassigned", "allocated_product": "ZOOM_PHONE"}),
        (NUMBERS, "numbers", {"site_id": site}),
        (NUMBERS, "numbers", {"keyword": "5"}),
        (NUMBERS, "numbers", {"number_type": "TollFree"}),
        ("/phone/numbers", "phone_numbers", {}),
        ("/phone/numbers", "phone_numbers", {"type": "assigned"}),
        ("/phone/numbers", "phone_numbers", {"type": "assigned", "extension_type": "user"}),
        ("/phone/numbers", "phone_numbers", {"type": "unassigned", "site_id": site}),
        ("/phone/numbers", "phone_numbers", {"type": "byoc"}),
    ]
    seen = set()
    for path, key, params in cases:
        ids, totals = _walk(api, 4, path=path, key=key, **params)
        assert totals == {len(ids)} and len(set(ids)) == len(ids), (path, params)
        seen.add(len(ids))
    assert len(seen) > 4  # the filters select different rows: the check is not one number again


def test_the_free_numbers_total_follows_every_write(api, demo):
    """``assigned_status=unassigned`` alone counts its first page's total as the inventory (kept
    by triggers) less the assigned numbers (their index): it must move with every write that
    adds, removes, assigns or frees a number, and stay each account's own."""
    def free(path: str = NUMBERS) -> tuple[int, int]:
        """(the first page's total, which later pages carry, and the numbers the pages give)"""
        ids, totals = _walk(api, 4, path=path, assigned_status="unassigned")
        assert len(totals) == 1
        return totals.pop(), len(ids)

    start, walked = free()
    assert start == walked > 4
    r = api.post("/accounts/me/number_management/byoc_numbers",
                 json={"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12065550166"], "site_id": _site(api)})
    assert r.status_code == 201, r.text
    assert free() == (start + 1, start + 1)
    number = next(n for n in api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()[
        "phone_numbers"] if n.get("status") != "pending" and n.get("site"))
    user = api.get("/phone/users", params={"site_id": number["site"]["id"], "page_size": 1}).json()["users"][0]
    r = api.post(f"/phone/users/{user['id']}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]})
    assert r.status_code in (200, 201), r.text
    assert free() == (start, start)
    assert api.delete(f"/phone/users/{user['id']}/phone_numbers/{number['id']}").status_code == 204
    assert free() == (start + 1, start + 1)
    sub_total, sub_walked = free(f"/accounts/{demo['sub_account_id']}/number_management/numbers")
    assert sub_total == sub_walked and sub_total != start + 1
