"""Every console page in a real browser at 1366x768: it renders what the API answers, links
between the pages work, a recording plays, and a screenshot of each page is kept."""

from __future__ import annotations

import httpx
import pytest
from console_helpers import simulate
from playwright.sync_api import expect

LIST_PAGES = [  # route, table id, list operation path, key, name field
    ("sites", "#sites-table", "/phone/sites", "sites", "name"),
    ("users", "#users-table", "/phone/users", "users", "name"),
    ("queues", "#queues-table", "/phone/call_queues", "call_queues", "name"),
    ("receptionists", "#receptionists-table", "/phone/auto_receptionists", "auto_receptionists", "name"),
    ("common-areas", "#common-areas-table", "/phone/common_areas", "common_areas", "display_name"),
    ("shared-lines", "#shared-lines-table", "/phone/shared_line_groups", "shared_line_groups", "display_name"),
]


@pytest.mark.parametrize(("route", "table", "path", "key", "name"), LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_list_page_shows_the_api_list_and_links_to_details(signed_in, api, route, table, path, key, name) -> None:  # noqa: ANN001
    page = signed_in.page
    signed_in.open(route)
    page.wait_for_selector(f"{table} tbody tr")
    items = api.get(path, params={"page_size": 100}).json()[key]
    assert items
    text = page.text_content(table)
    for item in items:
        assert item[name] in text
    signed_in.no_horizontal_scroll()
    signed_in.screenshot(route)
    # the first item's detail page
    page.click(f"{table} tbody tr:first-child td:first-child a")
    signed_in.rendered()
    # the click's hashchange renders asynchronously: wait for the detail page's own heading,
    # not for any element the list page may still show
    expect(page.locator("#view h1")).to_contain_text(items[0][name])
    page.wait_for_selector(".panel h2")
    assert page.url.endswith(f"#/{route}/{items[0]['id']}")
    signed_in.no_horizontal_scroll()
    signed_in.screenshot(f"{route}-detail")
    assert not signed_in.errors, signed_in.errors


def test_detail_pages_show_members_numbers_and_links(signed_in, api) -> None:  # noqa: ANN001
    page = signed_in.page
    queue = next(q for q in api.get("/phone/call_queues").json()["call_queues"] if q["name"] == "Sales Queue")
    members = api.get(f"/phone/call_queues/{queue['id']}/members").json()["call_queue_members"]
    signed_in.open(f"queues/{queue['id']}")
    page.wait_for_selector("#members tbody tr")
    for m in members:
        assert m["name"] in page.text_content("#members")
    assert queue["phone_numbers"][0]["number"] in page.text_content("main")
    # a member's link leads to the user's page, whose numbers link to the inventory
    page.click(f"#members a[href='#/users/{members[0]['id']}']")
    signed_in.rendered()
    # the queue page's own dl.props is still there until the hashchange renders the user's page
    expect(page.locator("#view h1")).to_contain_text(members[0]["name"])
    page.wait_for_selector("dl.props")
    assert page.url.endswith(f"#/users/{members[0]['id']}")
    user = api.get(f"/phone/users/{members[0]['id']}").json()
    if user.get("phone_numbers"):
        page.click(f"a[href='#/inventory?keyword={user['phone_numbers'][0]['number'].replace('+', '%2B')}']")
        signed_in.rendered()
        page.wait_for_selector(f"#numbers tr[data-number='{user['phone_numbers'][0]['number']}']")

    slg = next(g for g in api.get("/phone/shared_line_groups").json()["shared_line_groups"]
               if api.get(f"/phone/shared_line_groups/{g['id']}").json()["members"]["users"])
    detail = api.get(f"/phone/shared_line_groups/{slg['id']}").json()
    signed_in.open(f"shared-lines/{slg['id']}")
    page.wait_for_selector("#members tbody tr a")
    for m in detail["members"]["users"]:
        assert m["name"] in page.text_content("#members")

    site = api.get("/phone/sites").json()["sites"][0]
    signed_in.open(f"sites/{site['id']}")
    page.wait_for_selector(".grid2 table")
    users = api.get("/phone/users", params={"site_id": site["id"], "page_size": 100}).json()
    assert f"Users ({users['total_records']})" in page.text_content("main")
    page.click(f"a[href='#/inventory?site={site['id']}']")
    signed_in.rendered()
    page.wait_for_selector("#numbers tbody tr[data-number]")
    assert page.eval_on_selector("#f-site", "e => e.value") == site["id"]
    assert not signed_in.errors, signed_in.errors


def test_call_activity_chart_queues_and_a_recording_that_plays(signed_in, api, demo, server) -> None:  # noqa: ANN001
    simulate(server, demo["account_id"], calls=200, days=7)
    page = signed_in.page
    signed_in.open("calls?days=7")
    page.wait_for_selector("#calls-chart svg rect[data-series]")
    page.wait_for_selector("#queues-table tbody tr")
    page.wait_for_selector("#calls-table tbody tr")
    # the chart's bars add up to the calls of the period, by result
    history = api.get("/phone/call_history", params={"page_size": 1, "from": _days_ago(6), "to": _days_ago(0)}).json()
    assert f"{history['total_records']} calls" in page.text_content("#calls-chart")
    answered = api.get("/phone/call_history", params={"page_size": 1, "from": _days_ago(6), "to": _days_ago(0),
                                                       "call_results": "answered"}).json()["total_records"]
    assert f"answered ({answered})" in page.text_content("#calls-chart .legend")
    # service level per queue from the analytics operation
    analytics = api.get("/phone/call_queue_analytics", params={"from": _days_ago(6), "to": _days_ago(0)}).json()
    for q in analytics["call_queues"]:
        assert q["call_queue_name"] in page.text_content("#queues-table")
        if q["inbound_calls"]:
            assert f"{round(100 * q['completed_calls'] / q['inbound_calls'])}%" in page.text_content("#queues-table")
    signed_in.no_horizontal_scroll()
    signed_in.screenshot("calls")

    # play a recording: the <audio> element's source answers 200 audio/wav and the browser loads it
    page.click("#recordings-table button.play")
    page.wait_for_function("() => document.querySelector('#player').readyState >= 1")
    src = page.eval_on_selector("#player", "a => a.src")
    assert "/v2/files/" in src and "access_token=" in src
    r = httpx.get(src)
    assert r.status_code == 200 and r.headers["content-type"].startswith("audio/wav"), r.headers
    assert page.eval_on_selector("#player", "a => a.error === null && a.duration > 0")
    assert not signed_in.errors, signed_in.errors


def test_api_activity_shows_requests_rate_limits_and_deliveries(signed_in, api, demo, server, hook_url) -> None:  # noqa: ANN001
    r = httpx.post(f"{server.base}/_phonestack/webhooks", json={
        "account_id": demo["account_id"], "url": hook_url, "events": ["phone.recording_completed"], "validated": True})
    assert r.status_code == 201, r.text
    simulate(server, demo["account_id"], calls=20, days=1, seed=4)
    assert api.get("/phone/users/not-a-user").status_code == 404  # an error in the ring
    httpx.patch(f"{server.base}/_phonestack/accounts/{demo['account_id']}", json={"options": {"rate_limits": "zoom"}})
    page = signed_in.page
    signed_in.open("activity")
    page.wait_for_selector("#requests-table tbody tr")
    text = page.text_content("#requests-table")
    assert "listNumberManagementPhoneNumbers" in text and "getUsersProfile" in text and "404" in text
    page.wait_for_selector("#rate-limit-table tbody tr")
    assert "LIGHT" in page.text_content("#rate-limit-table")
    page.wait_for_selector("#deliveries-table tbody tr")
    page.wait_for_function("() => document.querySelector('#deliveries-table').textContent.includes('phone.recording_completed')")
    signed_in.no_horizontal_scroll()
    signed_in.screenshot("activity")
    assert not signed_in.errors, signed_in.errors


def test_inventory_screenshot_and_fit(signed_in) -> None:  # noqa: ANN001
    signed_in.no_horizontal_scroll()
    signed_in.screenshot("inventory")


def _days_ago(n: int) -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) - timedelta(days=n)).date().isoformat()
