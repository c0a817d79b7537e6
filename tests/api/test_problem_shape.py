"""One problem shape: every `validation-error` carries `errors`, a list of `{loc, msg}`,
whatever raised it (FastAPI, a route, or the checks in front of the app). Sends a NUL, an
overlong and out-of-range values to every parameter of every operation of the document."""

from __future__ import annotations

import re
from typing import Any

import httpx

from app.main import create_app
from tests.conftest import SEED_SLUG, Writable, settings_for

HOSTILE_VALUES = ("%00", "x" * 5000, "-1", "0", str(2**70), "1e400", "%ff%fe", "a%00b")
METHODS = ("get", "post", "put", "patch", "delete")


def operations() -> list[tuple[str, str, list[dict[str, Any]]]]:
    document = create_app(settings_for("sqlite://")).openapi()
    return [
        (method.upper(), template, item[method].get("parameters", []))
        for template, item in document["paths"].items()
        for method in item
        if method in METHODS
    ]


def fill(template: str, name: str | None = None, value: str | None = None) -> str:
    """The template's path with its parameters filled in, `name` holding `value`."""

    def one(match: re.Match[str]) -> str:
        found = match.group(1)
        if found == name:
            return str(value)
        return SEED_SLUG if found == "slug" else "x1"

    return re.sub(r"\{([^}]+)\}", one, template)


def assert_shape(answer: httpx.Response) -> None:
    assert answer.status_code < 500, (answer.request.url, answer.text)
    if answer.status_code < 400:
        return
    assert answer.headers["content-type"] == "application/problem+json", answer.text
    problem = answer.json()
    if problem["type"] != "/problems/validation-error":
        return
    errors = problem.get("errors")
    assert isinstance(errors, list) and errors, (answer.request.url, problem)
    for error in errors:
        assert set(error) == {"loc", "msg"}, error
        assert isinstance(error["loc"], list) and isinstance(error["msg"], str), error


async def test_every_validation_problem_names_its_errors(writable: Writable) -> None:
    w = writable
    # A version no essay has: whatever a write's parameters, it writes nothing.
    headers = {**w.auth(), "If-Match": '"v999"', "Content-Type": "application/json"}
    before = w.state()
    seen = 0
    for method, template, parameters in operations():
        for parameter in parameters:
            name, where = parameter["name"], parameter["in"]
            if where not in ("path", "query"):
                continue
            for value in HOSTILE_VALUES:
                if where == "path":
                    url = fill(template, name, value)
                else:
                    url = f"{fill(template)}?{name}={value}"
                answer = await w.client.request(method, url, headers=headers, content=b"{}")
                assert_shape(answer)
                seen += answer.status_code == 422
    assert seen > 100  # most of these are refused as invalid
    assert w.state() == before


async def test_the_nul_names_the_parameter_that_holds_it(writable: Writable) -> None:
    answer = await writable.client.get("/v1/essays?after=%00&limit=5")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"loc": ["query", "after"], "msg": "holds a NUL (%00)"}]
    answer = await writable.client.get("/v1/changes?cursor=a%00")
    assert answer.json()["errors"] == [{"loc": ["query", "cursor"], "msg": "holds a NUL (%00)"}]
