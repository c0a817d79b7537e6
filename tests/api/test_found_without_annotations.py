"""What the importer finds without annotations, through the API: centuries, decades, seasons
and ranges filtered, sorted and on the timeline; scenarios and attributions of a new essay."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.test_parts import all_pages
from tests.conftest import Writable

CITIES = "/v1/essays/the-cities-that-learned-to-flood"
HARBOUR = Path(__file__).resolve().parents[1] / "importer" / "essays"
HARBOUR_SOURCE = (HARBOUR / "the-harbour-after-the-storm.txt").read_text()
HARBOUR_BASE = "/v1/essays/the-harbour-after-the-storm"
PROBLEM = "application/problem+json"


async def texts(client: httpx.AsyncClient, url: str, **params: str) -> list[str]:
    return [d["text"] for d in await all_pages(client, url, **params)]


async def test_coarse_precisions_filter_and_sort(client: httpx.AsyncClient) -> None:
    dates = f"{CITIES}/dates"
    assert await texts(client, dates, precision="century") == ["twentieth century"]
    assert await texts(client, dates, precision="decade") == ["early 2000s"]
    century = (await client.get(dates, params={"precision": "century"})).json()["items"][0]
    assert (century["value"], century["start"], century["end"]) == (
        "19XX",
        "1900-01-01",
        "1999-12-31",
    )
    # an interval meets a century and a decade, not the days outside it
    assert await texts(client, dates, **{"from": "1950-01-01", "to": "1950-12-31"}) == [
        "twentieth century"
    ]
    assert await texts(client, dates, **{"from": "2003-06-01", "to": "2004-12-31"}) == [
        "early 2000s"
    ]
    chronological = await texts(client, dates, sort="chronological", limit="3")
    assert chronological[:4] == ["twentieth century", "1 February 1953", "early 2000s", "2005"]


async def test_timeline_orders_a_century_before_its_days(client: httpx.AsyncClient) -> None:
    entries = await all_pages(client, f"{CITIES}/timeline")
    assert [(e["value"], e["precision"]) for e in entries[:3]] == [
        ("19XX", "century"),
        ("1953-02-01", "day"),
        ("200X", "decade"),
    ]
    embed = await client.get("/embed/essays/the-cities-that-learned-to-flood/timeline")
    assert embed.status_code == 200 and "20th century" in embed.text


async def test_imported_essay_has_scenarios_attributions_and_dates(writable: Writable) -> None:
    w = writable
    created = await w.client.post("/v1/imports", json={"source": HARBOUR_SOURCE}, headers=w.auth())
    assert created.status_code == 201, created.text
    scenarios = (await w.client.get(f"{HARBOUR_BASE}/scenarios")).json()["items"]
    assert [(s["key"], s["title"]) for s in scenarios] == [
        ("the-fortress", "The fortress"),
        ("the-market", "The market"),
        ("retreat", "Retreat"),
    ]
    fortress = (await w.client.get(f"{HARBOUR_BASE}/scenarios/the-fortress")).json()
    assert fortress["selectors"][0]["exact"].startswith("The first path is the fortress.")
    quotes = (await w.client.get(f"{HARBOUR_BASE}/quotes")).json()["items"]
    assert [q["attributed_to"] for q in quotes] == [
        "John Ruskin",
        "Maria Alvarez",
        "Tom Bray",
        "John Ruskin",
        "Tom Bray",
    ]
    seasons = (await w.client.get(f"{HARBOUR_BASE}/dates", params={"precision": "season"})).json()
    assert [(d["text"], d["value"]) for d in seasons["items"]] == [("summer of 1968", "1968-22")]
    ranges = await all_pages(w.client, f"{HARBOUR_BASE}/dates", **{"from": "2023-05-06"})
    assert ("5–7 May 2023", "2023-05-05", "2023-05-07") in [
        (d["text"], d["start"], d["end"]) for d in ranges
    ]


async def test_a_date_takes_a_coarse_value_and_refuses_a_backward_interval(
    writable: Writable,
) -> None:
    w = writable
    created = await w.client.post("/v1/imports", json={"source": HARBOUR_SOURCE}, headers=w.auth())
    assert created.status_code == 201
    mention = next(
        d
        for d in (await w.client.get(f"{HARBOUR_BASE}/dates")).json()["items"]
        if d["text"] == "2014"
    )
    url = f"{HARBOUR_BASE}/dates/{mention['id']}"

    async def patch(value: str) -> httpx.Response:
        etag = await w.etag(HARBOUR_BASE)
        return await w.client.patch(
            url, json={"value": value}, headers={**w.auth(), "If-Match": etag}
        )

    decade = (await patch("201X")).json()
    assert (decade["precision"], decade["start"], decade["end"]) == (
        "decade",
        "2010-01-01",
        "2019-12-31",
    )
    season = (await patch("2014-24")).json()
    assert (season["precision"], season["start"], season["end"]) == (
        "season",
        "2014-12-01",
        "2015-02-28",
    )
    before = w.state()
    backward = await patch("2014-05-07/2014-05-05")
    assert backward.status_code == 422
    assert backward.headers["content-type"].startswith(PROBLEM)
    assert w.state() == before
