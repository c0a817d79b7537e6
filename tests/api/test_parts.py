"""The parts of an essay: sections, quotes, figures, dates, timeline and scenarios."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import SEED_SLUG

BASE = f"/v1/essays/{SEED_SLUG}"


async def all_pages(client: httpx.AsyncClient, url: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def test_sections_by_id_and_by_anchor(client: httpx.AsyncClient) -> None:
    sections = (await client.get(f"{BASE}/sections")).json()["items"]
    assert [s["anchor"] for s in sections] == [
        "intro",
        "there-will-be-no-return-to-23-february",
        "nature-does-not-tolerate-emptiness",
        "why-a-revolution",
    ]
    last = sections[-1]
    by_id = (await client.get(f"{BASE}/sections/{last['id']}")).json()
    by_anchor = (await client.get(f"{BASE}/sections/why-a-revolution")).json()
    assert by_id == by_anchor == last
    missing = await client.get(f"{BASE}/sections/nowhere")
    assert missing.status_code == 404
    assert "section 'nowhere'" in missing.json()["detail"]


async def test_quotes_filter_and_page(client: httpx.AsyncClient) -> None:
    everything = (await client.get(f"{BASE}/quotes")).json()["items"]
    assert len(everything) == 15
    paged = await all_pages(client, f"{BASE}/quotes", limit=4)
    assert paged == everything
    pull = (await client.get(f"{BASE}/quotes", params={"kind": "pull_quote"})).json()["items"]
    assert [q["text"] for q in pull] == [
        "One cannot simultaneously be a grave-digger of the old regime and mourn the "
        "opportunities lost in it"
    ]
    assert pull[0]["selector"]["exact"].startswith("one cannot simultaneously")
    pushkin = next(q for q in everything if q["text"] == "senseless and merciless")
    assert pushkin["kind"] == "quotation"
    assert "Pushkin" in pushkin["attributed_to"]
    one = await client.get(f"{BASE}/quotes/{pushkin['id']}")
    assert one.json() == pushkin
    assert one.headers["etag"].startswith('"v1-')
    bad = await client.get(f"{BASE}/quotes", params={"kind": "rumour"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "kind"]


async def test_figures_keep_exact_captions_and_credits(client: httpx.AsyncClient) -> None:
    figures = (await client.get(f"{BASE}/figures")).json()["items"]
    assert [f["credit"] for f in figures] == [
        "REUTERS/Anton Golubev/Alamy",
        "ZUMA Press Inc/ Alamy",
        "Enik / Alamy",
    ]
    assert figures[0]["caption"] == (
        "Demonstrators gather to protest the Russian legislative election results on Moscow's "
        "Bolotnaya square, December 2011"
    )
    assert (
        figures[1]["caption"]
        == 'Advert for the 2020 census saying "We create the future", Moscow subway'
    )
    assert figures[0]["credit_parts"] == ["REUTERS", "Anton Golubev", "Alamy"]
    assert figures[2]["credit_parts"] == ["Enik", "Alamy"]
    assert [f["position"] for f in figures] == [1, 2, 3]
    assert all(f["image_url"] is None for f in figures)
    one = (await client.get(f"{BASE}/figures/{figures[1]['id']}")).json()
    assert one == figures[1]


async def test_dates_are_normalised(client: httpx.AsyncClient) -> None:
    dates = (await client.get(f"{BASE}/dates")).json()["items"]
    assert len(dates) == 13
    byline = dates[0]
    assert byline["where"] == "byline"
    assert byline["value"] == "2022-10-26T13:48:00+01:00"
    assert byline["precision"] == "minute"
    by_text = {d["text"]: d for d in dates}
    assert by_text["24 February"]["value"] == "2022-02-24"
    assert by_text["24 February"]["start"] == by_text["24 February"]["end"] == "2022-02-24"
    assert by_text["December 2011"]["value"] == "2011-12"
    assert by_text["December 2011"]["precision"] == "month"
    assert (by_text["December 2011"]["start"], by_text["December 2011"]["end"]) == (
        "2011-12-01",
        "2011-12-31",
    )
    assert by_text["2014"]["precision"] == "year"
    assert {d["where"] for d in dates} == {"byline", "heading", "paragraph", "caption"}


async def test_dates_filters_and_chronological_sort(client: httpx.AsyncClient) -> None:
    chrono = await all_pages(client, f"{BASE}/dates", sort="chronological", limit=5)
    starts = [d["start"] for d in chrono]
    assert starts == sorted(starts)
    assert chrono[0]["value"] == "2010"
    years = (await client.get(f"{BASE}/dates", params={"precision": "year"})).json()["items"]
    assert {d["value"] for d in years} == {"2010", "2014", "2015", "2018", "2020"}
    in_2022 = (
        await client.get(f"{BASE}/dates", params={"from": "2022-01-01", "to": "2022-12-31"})
    ).json()["items"]
    assert {d["value"][:4] for d in in_2022} == {"2022"}
    assert len(in_2022) == 6
    reversed_range = await client.get(
        f"{BASE}/dates", params={"from": "2023-01-01", "to": "2022-01-01"}
    )
    assert reversed_range.status_code == 400


async def test_timeline_groups_distinct_dates_oldest_first(client: httpx.AsyncClient) -> None:
    entries = await all_pages(client, f"{BASE}/timeline", limit=3)
    values = [e["value"] for e in entries]
    assert len(values) == len(set(values))
    assert [e["start"] for e in entries] == sorted(e["start"] for e in entries)
    invasion = next(e for e in entries if e["value"] == "2022-02-24")
    assert len(invasion["mentions"]) == 2
    assert invasion["label"]
    assert sum(len(e["mentions"]) for e in entries) == 13


async def test_scenarios_by_key(client: httpx.AsyncClient) -> None:
    scenarios = (await client.get(f"{BASE}/scenarios")).json()["items"]
    assert len(scenarios) == 3
    assert [s["position"] for s in scenarios] == [1, 2, 3]
    for scenario in scenarios:
        assert scenario["title"] and scenario["selectors"]
        one = (await client.get(f"{BASE}/scenarios/{scenario['key']}")).json()
        assert one == scenario
    assert (await client.get(f"{BASE}/scenarios/utopia")).status_code == 404


@pytest.mark.parametrize(
    "part", ["sections", "quotes", "figures", "dates", "timeline", "scenarios"]
)
async def test_parts_serve_pinned_versions_and_304(client: httpx.AsyncClient, part: str) -> None:
    current = await client.get(f"{BASE}/{part}")
    assert current.headers["cache-control"].startswith("public, max-age=60")
    pinned = await client.get(f"{BASE}/{part}", params={"version": 1})
    assert pinned.content == current.content
    assert pinned.headers["cache-control"].endswith("immutable")
    revalidated = await client.get(
        f"{BASE}/{part}", headers={"If-None-Match": current.headers["etag"]}
    )
    assert revalidated.status_code == 304
    gone_wrong = await client.get(f"/v1/essays/nobody/{part}")
    assert gone_wrong.status_code == 404
    refused = await client.get(f"{BASE}/{part}", headers={"Accept": "text/html"})
    assert refused.status_code == 406


async def test_bad_cursor_is_a_400(client: httpx.AsyncClient) -> None:
    for cursor in ("not-a-cursor!!", "e30"):
        response = await client.get(f"{BASE}/quotes", params={"cursor": cursor})
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
