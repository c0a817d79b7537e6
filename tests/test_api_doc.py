"""`docs/API.md`, the contract in prose, in step with the committed OpenAPI document: every path
of the document is named in the prose, and every endpoint the prose names under `/v1` (or with
a method outside it) is an operation of the document."""

from __future__ import annotations

import re

import orjson

from app.core.config import PROJECT_ROOT

API_DOC = (PROJECT_ROOT / "docs" / "API.md").read_text()
OPENAPI = orjson.loads((PROJECT_ROOT / "openapi.json").read_bytes())
README = (PROJECT_ROOT / "README.md").read_text()

ESSAY = "/v1/essays/{slug}"  # what a path the prose gives without a method hangs under
SPAN = re.compile(r"`((?:[A-Z]+(?:\|[A-Z]+)* )?/[^`\s]*)`")
NOT_IN_THE_DOCUMENT = ("/embed/", "/metrics", "/openapi.json", "/docs")  # HTML, text, itself


def shape(path: str) -> str:
    """A path without query or parameter names: `/v1/essays/{slug}/quotes/{id}?kind=x` and
    `/v1/essays/{slug}/quotes/{item_id}` are the same endpoint."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?")[0])


def endpoints_in_prose() -> list[tuple[set[str], str]]:
    """(methods, path shape) for each endpoint in the Endpoints section; relative ones
    (`/quotes/{id}` after `GET /v1/essays/{slug}/quotes`) are under the essay, with the methods
    of the endpoint before them."""
    section = API_DOC.split("## Endpoints", 1)[1].split("\n", 1)[1].split("\n## ", 1)[0]
    found: list[tuple[set[str], str]] = []
    for span in SPAN.findall(section):
        written, _, path = span.rpartition(" ")
        methods = set(written.lower().split("|")) - {""}
        if not methods and path.count("/") < 2:  # a prefix in prose: "outside `/v1`"
            continue
        if not methods and not path.startswith("/v1"):
            path = ESSAY + path
            methods = found[-1][0]
        found.append((methods, shape(path)))
    return found


def operations() -> dict[str, set[str]]:
    return {shape(path): set(ops) for path, ops in OPENAPI["paths"].items()}


def test_the_prose_names_every_path_of_the_openapi_document() -> None:
    named = {path for _, path in endpoints_in_prose()}
    assert not set(operations()) - named, "paths missing from docs/API.md"


def test_every_endpoint_the_prose_names_is_an_operation() -> None:
    known = operations()
    for methods, path in endpoints_in_prose():
        if path.startswith(NOT_IN_THE_DOCUMENT):
            continue
        assert path in known, f"docs/API.md names {path}, which openapi.json does not have"
        assert methods <= known[path], f"{path}: {methods - known[path]} not in openapi.json"


def test_the_prose_is_read_and_not_trivially_empty() -> None:
    found = endpoints_in_prose()
    assert len(found) >= len(operations())  # the parser sees every line of the section
    assert ({"get"}, shape("/v1/essays/{slug}/quotes/{id}")) in found


def test_the_readme_links_the_contract_inside_the_repository() -> None:
    assert "](docs/API.md)" in README
    assert "../shared" not in README
