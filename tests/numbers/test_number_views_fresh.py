"""The rendered-number cache (store/fast.py RenderCache) is keyed by every value the view reads:
a change to the number, to its site's name or to its assignee shows at once in List and Get,
on every page that was already rendered."""

from __future__ import annotations

NM = "/accounts/me/number_management/numbers"


def _everywhere(api, number_id: str) -> list[dict]:  # noqa: ANN001
    """The number as Get and as every page of List show it."""
    got = [api.get(f"{NM}/{number_id}").json()]
    params = {"page_size": 100}
    while True:
        page = api.get(NM, params=params).json()
        got += [n for n in page["numbers"] if n["id"] == number_id]
        if not page["next_page_token"]:
            return got
        params["next_page_token"] = page["next_page_token"]


def test_changes_show_at_once_in_list_and_get(api):
    free = next(n for n in api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()[
        "phone_numbers"] if n.get("status") != "pending" and n.get("site"))
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
