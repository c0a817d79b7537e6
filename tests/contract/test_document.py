"""The OpenAPI document is a contract: committed, valid, and good enough to generate SDKs from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from app.api.openapi import document_bytes
from app.core.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests.conftest import SEED_SLUG

COMMITTED = PROJECT_ROOT / "openapi.json"
REGENERATE = "essay-api openapi -o openapi.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(document_bytes(create_app(Settings())))


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_the_committed_document_is_the_apps() -> None:
    served = document_bytes(create_app(Settings()))
    committed = COMMITTED.read_bytes() if COMMITTED.exists() else b""
    assert committed == served, (
        f"openapi.json differs from the app's document: run `{REGENERATE}` and commit it"
    )


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)


def test_every_operation_is_named_tagged_described_and_typed(document: dict[str, Any]) -> None:
    tags = {tag["name"] for tag in document["tags"]}
    ids = [op["operationId"] for _, op in operations(document)]
    assert len(ids) == len(set(ids))
    for name, op in operations(document):
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", op["operationId"]), name
        assert len(op["tags"]) == 1 and op["tags"][0] in tags, name
        assert op["summary"] and op.get("description"), f"{name} needs a summary and description"
        for parameter in op.get("parameters", []):
            assert parameter["description"] and parameter["schema"], (name, parameter["name"])
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert set(ok) == {"$ref"}, f"{name} answers a bare schema: {ok}"


def test_every_error_is_declared_as_a_problem(document: dict[str, Any]) -> None:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for name, op in operations(document):
        errors = {code: r for code, r in op["responses"].items() if code >= "400"}
        assert errors, name
        for code, response in errors.items():
            assert response["content"] == problem, (name, code)
    required = document["components"]["schemas"]["Problem"]["required"]
    assert set(required) == {"type", "title", "status", "detail", "instance"}


def test_schema_names_are_sdk_friendly(document: dict[str, Any]) -> None:
    names = set(document["components"]["schemas"])
    assert all(re.fullmatch(r"[A-Z][A-Za-z]*", name) for name in names), sorted(names)
    assert names >= {
        "Essay",
        "EssaySummary",
        "Section",
        "Quote",
        "Figure",
        "DateMention",
        "Scenario",
        "PageQuote",
        "PageEssaySummary",
        "Problem",
    }


def test_paged_operations_declare_their_link_header(document: dict[str, Any]) -> None:
    for name, op in operations(document):
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        if ok.rsplit("/", 1)[1].startswith("Page"):
            assert "Link" in op["responses"]["200"]["headers"], name


async def seed_instances(client: httpx.AsyncClient) -> dict[str, list[dict[str, Any]]]:
    """Every object the API serves for the seed essay, by the schema that describes it."""
    base = f"/v1/essays/{SEED_SLUG}"
    essay = (await client.get(base, params={"include": "quotes,figures,dates,scenarios"})).json()
    summaries = (await client.get("/v1/essays")).json()["items"]
    timeline = (await client.get(f"{base}/timeline")).json()["items"]
    return {
        "Essay": [essay],
        "EssaySummary": [s for s in summaries if s["slug"] == SEED_SLUG],
        "Publication": [essay["publication"]],
        "Author": essay["authors"],
        "Section": essay["sections"],
        "Block": [b for s in essay["sections"] for b in s["blocks"]],
        "Quote": essay["quotes"],
        "Figure": essay["figures"],
        "DateMention": essay["dates"],
        "Scenario": essay["scenarios"],
        "Selector": [q["selector"] for q in essay["quotes"]]
        + [d["selector"] for d in essay["dates"]]
        + [s for scenario in essay["scenarios"] for s in scenario["selectors"]],
        "TimelineEntry": timeline,
        "TimelineMention": [m for entry in timeline for m in entry["mentions"]],
    }


async def test_examples_are_real_values_of_the_seed(
    client: httpx.AsyncClient, document: dict[str, Any]
) -> None:
    served = await seed_instances(client)
    checked = 0
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            for example in prop.get("examples", []):
                assert name in served, f"{name} has examples but no seed instances to check"
                values = [instance[field] for instance in served[name]]
                assert example in values, f"{name}.{field}: {example!r} is not in the seed"
                checked += 1
    assert checked >= 40
