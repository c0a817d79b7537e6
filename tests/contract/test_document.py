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


# Resources of an admin's, not of an essay: a token for every operation, reads too, and no
# essay version to make or match.
ADMIN_TAGS = {"webhooks"}


def admin(op: dict[str, Any]) -> bool:
    return bool(op["tags"][0] in ADMIN_TAGS)


def writes(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Writes to essays: each makes a version."""
    return (
        (name, op)
        for name, op in operations(document)
        if not name.startswith("GET ") and not admin(op)
    )


def successes(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {code: response for code, response in op["responses"].items() if code[0] == "2"}


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
        assert successes(op), f"{name} declares no success"
        for code, response in successes(op).items():
            if code == "204":
                assert "content" not in response, name
                continue
            ok = response["content"]["application/json"]["schema"]
            assert set(ok) == {"$ref"}, f"{name} answers a bare schema: {ok}"
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            schema = content["schema"]
            if schema.get("type") == "string":  # a raw document (`POST /v1/imports`)
                assert media != "application/json" and schema.get("description"), (name, media)
                continue
            named = schema.get("oneOf", [schema])  # one JSON body of several shapes
            assert all(set(s) == {"$ref"} for s in named), f"{name} takes a bare {media} schema"


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    references = set(re.findall(r'"\$ref": ?"([^"]+)"', json.dumps(document)))
    assert references
    for reference in references:
        target: Any = document
        for part in reference.removeprefix("#/").split("/"):
            assert part in target, f"{reference} does not resolve"
            target = target[part]


def test_writes_need_a_bearer_token_and_reads_do_not(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer" and scheme["description"]
    for name, op in operations(document):
        if name.startswith("GET ") and not admin(op):
            assert op["security"] == [], name  # public, and said so
        if admin(op):
            assert op.get("security") == [{"bearer": []}], name
            assert {"401", "403", "422"} <= set(op["responses"]), name
    for name, op in writes(document):
        assert op.get("security") == [{"bearer": []}], name
        assert {"401", "403", "409", "413", "415", "422"} <= set(op["responses"]), name


def test_writes_declare_if_match_and_answer_the_new_etag(document: dict[str, Any]) -> None:
    """Every write carries the conditional headers; `If-Match` is required except on a create
    (an import needs it only for a slug that exists), and every success sends the ETag."""
    creates = {"create_essay", "create_import"}
    for name, op in writes(document):
        conditional = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "header"}
        assert {"If-Match", "If-None-Match", "If-Unmodified-Since"} <= set(conditional), name
        assert conditional["If-Match"]["required"] is (op["operationId"] not in creates), name
        assert "412" in op["responses"], name
        assert ("428" in op["responses"]) is (op["operationId"] != "create_essay"), name
        for code, response in successes(op).items():
            assert "ETag" in response.get("headers", {}), (name, code)
            if code == "201":
                assert "Location" in response["headers"], name


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
        "PageRevision",
        "EssayCreate",
        "EssayPatch",
        "Problem",
    }


def test_paged_operations_declare_their_link_header(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    paged = 0
    for name, op in operations(document):
        if not name.startswith("GET "):
            continue
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        if "next_cursor" in schemas[ok.rsplit("/", 1)[1]]["properties"]:
            assert "Link" in op["responses"]["200"]["headers"], name
            paged += 1
    assert paged >= 9


async def seed_instances(client: httpx.AsyncClient) -> dict[str, list[dict[str, Any]]]:
    """Every object the API serves for the seed essay, by the schema that describes it."""
    base = f"/v1/essays/{SEED_SLUG}"
    essay = (await client.get(base, params={"include": "quotes,figures,dates,scenarios"})).json()
    summaries = (await client.get("/v1/essays")).json()["items"]
    timeline = (await client.get(f"{base}/timeline")).json()["items"]
    across = (await client.get("/v1/quotes", params={"limit": 200})).json()["items"]
    dates_across = (await client.get("/v1/timeline", params={"limit": 200})).json()["items"]
    return {
        "QuoteAcross": [q for q in across if q["essay"]["slug"] == SEED_SLUG],
        "TimelineEntryAcross": [e for e in dates_across if e["essay"]["slug"] == SEED_SLUG],
        "Essay": [essay],
        "ImportedEssay": [essay],  # an import's body: the essay, with `review` beside it
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


def test_redocly_recommended_servers_and_security(document: dict[str, Any]) -> None:
    """Two rules of `redocly lint` (recommended), checked without it: `no-empty-servers` and
    `security-defined` (each operation says its security, `[]` when public)."""
    assert document["servers"] and all(server["url"] for server in document["servers"])
    undeclared = [name for name, op in operations(document) if "security" not in op]
    assert not undeclared
