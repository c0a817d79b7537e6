"""Imports no document can turn against the server: each limit of the parsing budget answers
one problem naming it, writes nothing, and leaves the parsers able to take the next import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.api.import_documents import docx_bytes
from tests.api.operations import app_client
from tests.api.test_imports import DOCX
from tests.conftest import Writable
from tests.hostile_documents import big_page, docx_bomb, nested_page


@pytest.fixture
async def client(writable: Writable) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(writable.url, import_parsers=1) as c:
        yield c


async def post(
    client: httpx.AsyncClient, w: Writable, body: bytes, media_type: str
) -> httpx.Response:
    headers = {**w.auth(), "Content-Type": media_type}
    return await client.post("/v1/imports", content=body, headers=headers)


def assert_limit(answer: httpx.Response, status: int, variable: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert variable in problem["detail"] and variable in problem.get("limit", variable)
    return dict(problem)


async def test_a_word_bomb_is_refused_before_it_inflates(writable: Writable) -> None:
    w = writable
    before = w.state()
    bomb = docx_bomb(64 << 20)
    assert len(bomb) < 1 << 20
    async with app_client(w.url, import_parsers=1) as client:
        answer = await post(client, w, bomb, DOCX)
        problem = assert_limit(answer, 422, "ESSAY_API_IMPORT_MAX_COMPRESSION_RATIO")
        assert "decompression" in problem["detail"]
        assert problem["errors"][0]["loc"] == ["body"]
        # A bomb inside the ratio is stopped by the size it would inflate to.
        async with app_client(
            w.url, import_max_bytes=1 << 20, import_max_compression_ratio=5000
        ) as c:
            answer = await post(c, w, bomb, DOCX)
            assert_limit(answer, 422, "ESSAY_API_IMPORT_MAX_INFLATED_BYTES")
        assert (await post(client, w, docx_bytes(), DOCX)).status_code == 201  # still parsing
    assert w.state()["counts"]["essay"] == before["counts"]["essay"] + 1  # type: ignore[index]


async def test_elements_nested_past_the_depth_limit_are_refused(
    writable: Writable, client: httpx.AsyncClient
) -> None:
    w = writable
    before = w.state()
    answer = await post(client, w, nested_page(100_000), "text/html")
    assert_limit(answer, 422, "ESSAY_API_IMPORT_MAX_DEPTH")
    assert w.state() == before


async def test_a_parse_past_its_time_is_stopped_and_its_worker_replaced(
    writable: Writable,
) -> None:
    w = writable
    before = w.state()
    async with app_client(w.url, import_parsers=1, import_parse_seconds=0.05) as client:
        answer = await post(client, w, big_page(3000), "text/html")
        assert_limit(answer, 422, "ESSAY_API_IMPORT_PARSE_SECONDS")
    assert w.state() == before
    async with app_client(w.url, import_parsers=1) as client:
        assert (await post(client, w, docx_bytes(), DOCX)).status_code == 201


async def test_a_parse_past_its_memory_is_stopped_and_its_worker_replaced(
    writable: Writable,
) -> None:
    w = writable
    before = w.state()
    small = {
        "import_parsers": 3,  # a pool of its own: a fresh worker, its memory peak its own
        "import_parse_memory_bytes": 64 << 20,
        "import_parse_seconds": 300,  # the memory limit stops it, however slow the machine
        "import_max_bytes": 32 << 20,
    }
    async with app_client(w.url, **small) as client:
        answer = await post(client, w, big_page(20_000), "text/html")
        assert_limit(answer, 422, "ESSAY_API_IMPORT_PARSE_MEMORY_BYTES")
        assert w.state() == before
        assert (await post(client, w, docx_bytes(), DOCX)).status_code == 201


async def test_when_every_parser_is_busy_the_answer_is_503_with_retry_after(
    writable: Writable,
) -> None:
    w = writable
    before = w.state()
    busy = {"import_parsers": 1, "import_parse_wait_seconds": 0, "import_parse_seconds": 2}
    async with app_client(w.url, **busy) as client:
        answers = await asyncio.gather(
            *(post(client, w, big_page(3000), "text/html") for _ in range(3))
        )
    refused = [a for a in answers if a.status_code == 503]
    assert refused, [a.text for a in answers]
    assert refused[0].headers["content-type"] == "application/problem+json"
    assert int(refused[0].headers["retry-after"]) >= 1
    assert "parsers are busy" in refused[0].json()["detail"]
    assert w.state()["counts"]["essay"] <= before["counts"]["essay"] + 1  # type: ignore[index,operator]
