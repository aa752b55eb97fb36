"""The number inventory in a real browser: filters and search agree with the API, and assign /
unassign / move between sites from the page change what the API answers."""

from __future__ import annotations

NM = "/accounts/me/number_management/numbers"


def wait_rows(page, numbers: list[str]) -> None:  # noqa: ANN001
    """Until the table lists exactly these numbers (in any order)."""
    page.wait_for_function(
        """want => [...document.querySelectorAll('#numbers tbody tr[data-number]')]
                     .map(r => r.dataset.number).sort().join(',') === want""",
        arg=",".join(sorted(numbers)),
    )


def first_page(api, **query) -> list[dict]:  # noqa: ANN001
    r = api.get(NM, params={"page_size": 50, **query})
    assert r.status_code == 200, r.text
    return r.json()["numbers"]


def test_inventory_lists_what_the_api_lists_and_filters(signed_in, api) -> None:  # noqa: ANN001
    page = signed_in.page
    total = api.get(NM, params={"page_size": 1}).json()["total_records"]
    wait_rows(page, [n["number"] for n in first_page(api)])
    assert page.text_content("#inventory-count") == f"1–{min(50, total)} of {total}"

    page.select_option("#f-type", "TollFree")
    wait_rows(page, [n["number"] for n in first_page(api, number_type="TollFree")])
    assert "type=TollFree" in page.url

    sites = api.get("/phone/sites").json()["sites"]
    london = next(s for s in sites if s["name"] == "London Office")
    page.select_option("#f-type", "")
    page.select_option("#f-site", london["id"])
    page.select_option("#f-assignee", "unassigned")
    expected = first_page(api, site_id=london["id"], assigned_status="unassigned")
    assert expected
    wait_rows(page, [n["number"] for n in expected])

    page.select_option("#f-product", "UNALLOCATED")
    wait_rows(page, [n["number"] for n in first_page(api, site_id=london["id"], assigned_status="unassigned",
                                                     allocated_product="UNALLOCATED")])
    signed_in.screenshot("inventory-filtered")

    page.click("#f-clear")
    wait_rows(page, [n["number"] for n in first_page(api)])
    # search by number
    target = first_page(api)[3]["number"]
    page.fill("#f-keyword", target[-6:])
    page.press("#f-keyword", "Enter")
    wait_rows(page, [n["number"] for n in first_page(api, keyword=target[-6:])])

    # one assignee: the numbers its own view lists
    users = api.get("/phone/users", params={"page_size": 100}).json()["users"]
    carol = next(u for u in users if u["name"] == "Carol Diaz")
    page.fill("#f-keyword", "")
    page.select_option("#f-assignee", f"ext:user:{carol['id']}")
    wait_rows(page, [n["number"] for n in carol["phone_numbers"]])
    assert len(carol["phone_numbers"]) > 1

    # an assignee type: the Phone API's filter
    page.select_option("#f-assignee", "type:callQueue")
    queued = api.get("/phone/numbers", params={"type": "assigned", "extension_type": "callQueue", "page_size": 50})
    wait_rows(page, [n["number"] for n in queued.json()["phone_numbers"]])
    assert not signed_in.errors, signed_in.errors


def test_an_answer_to_an_earlier_filter_that_comes_late_is_dropped(signed_in, api) -> None:  # noqa: ANN001
    """Two filters changed in a row send two requests; when the first one's answer comes back
    last, the page keeps showing the second's (it once showed whichever came last)."""
    page = signed_in.page
    london = next(s for s in api.get("/phone/sites").json()["sites"] if s["name"] == "London Office")
    held = []

    def hold_the_site_only_list(route) -> None:  # noqa: ANN001
        url = route.request.url
        if "site_id=" in url and "assigned_status=" not in url and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/number_management/numbers?*", hold_the_site_only_list)
    page.select_option("#f-site", london["id"])
    page.select_option("#f-assignee", "unassigned")
    expected = [n["number"] for n in first_page(api, site_id=london["id"], assigned_status="unassigned")]
    site_only = [n["number"] for n in first_page(api, site_id=london["id"])]
    assert sorted(site_only) != sorted(expected)
    wait_rows(page, expected)
    assert len(held) == 1  # the site's list, held while the next one was answered
    with page.expect_response(lambda r: r.request.url == held[0].request.url):
        held[0].continue_()
    page.wait_for_timeout(300)  # the late answer has been handled (ms after it arrives)
    wait_rows(page, expected)
    page.unroute("**/number_management/numbers?*")
    assert not signed_in.errors, signed_in.errors


def test_assign_unassign_and_move_from_the_page(signed_in, api) -> None:  # noqa: ANN001
    page = signed_in.page
    sites = {s["name"]: s["id"] for s in api.get("/phone/sites").json()["sites"]}
    free = first_page(api, site_id=sites["Main Site"], assigned_status="unassigned", allocated_product="ZOOM_PHONE")
    number = free[0]
    users = api.get("/phone/users", params={"page_size": 100, "site_id": sites["Main Site"]}).json()["users"]
    user = next(u for u in users if u["name"] == "Ivan Jones")

    page.fill("#f-keyword", number["number"])
    page.press("#f-keyword", "Enter")
    wait_rows(page, [number["number"]])
    row = f'#numbers tr[data-number="{number["number"]}"]'

    # assign to a user
    page.click(f"{row} button.assign")
    page.select_option("#assign-kind", "user")
    page.select_option("#assign-target", user["id"])
    signed_in.screenshot("inventory-assign")
    page.click("#assign-apply")
    page.wait_for_selector("#inventory-status .notice")
    assert "is now assigned to Ivan Jones" in page.text_content("#inventory-status")
    seen = api.get(f"/phone/numbers/{number['id']}").json()
    assert seen["assignee"]["id"] == user["id"]
    assert page.text_content(f"{row} td:nth-child(7)").startswith("Ivan Jones")
    assert {"id": number["id"], "number": number["number"]} in api.get(f"/phone/users/{user['id']}").json()["phone_numbers"]

    # unassign
    page.click(f"{row} button.unassign")
    page.wait_for_function("() => document.querySelector('#inventory-status').textContent.includes('no longer assigned')")
    assert "assignee" not in api.get(f"/phone/numbers/{number['id']}").json()
    page.wait_for_selector(f"{row} button.move")

    # move to another site
    page.click(f"{row} button.move")
    page.select_option("#move-site", sites["Austin Branch"])
    page.click("#move-apply")
    page.wait_for_function("() => document.querySelector('#inventory-status').textContent.includes('is now on Austin Branch')")
    seen = api.get(f"{NM}/{number['id']}").json()
    assert seen["site"]["site_id"] == sites["Austin Branch"]
    assert page.text_content(f"{row} td:nth-child(6)") == "Austin Branch"
    signed_in.screenshot("inventory-moved")
    assert not signed_in.errors, signed_in.errors


def test_an_api_refusal_shows_on_the_page(signed_in, api) -> None:  # noqa: ANN001
    """An unallocated number is allocated to Zoom Phone on a site from the page; a change the API
    refuses (the number was assigned meanwhile) shows the API's error."""
    page = signed_in.page
    unallocated = first_page(api, allocated_product="UNALLOCATED")
    assert unallocated, "the demo seed has unallocated numbers"
    n = unallocated[0]
    sites = {s["name"]: s["id"] for s in api.get("/phone/sites").json()["sites"]}
    page.fill("#f-keyword", n["number"])
    page.press("#f-keyword", "Enter")
    wait_rows(page, [n["number"]])
    row = f'#numbers tr[data-number="{n["number"]}"]'
    assert page.locator(f"{row} button.assign").count() == 0  # not a Zoom Phone number yet
    page.click(f"{row} button.move")  # "Allocate…"
    page.select_option("#move-site", sites["Main Site"])
    page.click("#move-apply")
    page.wait_for_selector("#inventory-status .notice")
    seen = api.get(f"{NM}/{n['id']}").json()
    assert seen["allocated_product"] == "ZOOM_PHONE" and seen["site"]["site_id"] == sites["Main Site"]

    # a refused change: assigning a number that another extension holds answers the API's error
    taken = first_page(api, assigned_status="assigned")[0]
    page.fill("#f-keyword", n["number"])
    page.press("#f-keyword", "Enter")
    wait_rows(page, [n["number"]])
    page.click(f"{row} button.assign")
    page.select_option("#assign-kind", "user")
    user_id = taken["assigned_list"][0]["assigned_to_id"]
    r = api.post(f"/phone/users/{user_id}/phone_numbers", json={"phone_numbers": [{"id": n["id"]}]})
    assert r.status_code in (200, 201, 204), r.text  # someone else took it meanwhile
    other = next(u for u in api.get("/phone/users", params={"page_size": 100}).json()["users"] if u["id"] != user_id)
    page.select_option("#assign-target", other["id"])
    page.click("#assign-apply")
    page.wait_for_selector("#inventory-status .error")
    assert "code" in page.text_content("#inventory-status .error")
