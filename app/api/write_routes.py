"""The create / update / delete routes every part of an essay shares, written once.

No `from __future__ import annotations` here: the route functions are built in a closure, and
FastAPI must see their body and path types as objects, not as names to look up later.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.auth import Writer
from app.api.deps import SessionDep, SlugPath
from app.api.writes import WRITE_ERRORS, ExpectedVersion, no_content, run_edit, written
from app.schemas import Schema, WriteBody
from app.services.editing.draft import Draft

Changes = list[dict[str, Any]]


def message(body: object) -> str | None:
    """The revision message of a write body (typed loosely: the body class is a parameter)."""
    return body.message if isinstance(body, WriteBody) else None


def add_write_routes(
    router: APIRouter,
    *,
    collection: str,
    singular: str,
    model: type[Schema],
    create_body: type[WriteBody],
    patch_body: type[WriteBody],
    create: Callable[[Draft, Any], tuple[Changes, str]],
    update: Callable[[Draft, str, Any], Changes],
    delete: Callable[[Draft, str], Changes],
    find: Callable[[dict[str, Any], str], dict[str, Any]],
    param: str = "item_id",
) -> None:
    """POST on the list, PATCH and DELETE on one item, each one new version of the essay."""
    Item = Annotated[str, Path(alias=param, description=f"The {singular}'s {param}.")]

    def create_item(
        request: Request,
        slug: SlugPath,
        body: create_body,  # type: ignore[valid-type]
        session: SessionDep,
        principal: Writer,
        expected: ExpectedVersion,
    ) -> Response:
        done = run_edit(
            request, session, slug, expected, principal, message(body), lambda d: create(d, body)
        )
        return written(
            done.essay.version,
            find(done.document, done.result),
            status=201,
            location=f"/v1/essays/{slug}/{collection}/{done.result}",
        )

    def update_item(
        request: Request,
        slug: SlugPath,
        item_id: Item,
        body: patch_body,  # type: ignore[valid-type]
        session: SessionDep,
        principal: Writer,
        expected: ExpectedVersion,
    ) -> Response:
        done = run_edit(
            request,
            session,
            slug,
            expected,
            principal,
            message(body),
            lambda d: (update(d, item_id, body), None),
        )
        return written(done.essay.version, find(done.document, item_id))

    def delete_item(
        request: Request,
        slug: SlugPath,
        item_id: Item,
        session: SessionDep,
        principal: Writer,
        expected: ExpectedVersion,
    ) -> Response:
        done = run_edit(
            request, session, slug, expected, principal, None, lambda d: (delete(d, item_id), None)
        )
        return no_content(done.essay.version)

    item_path = "/{" + param + "}"
    router.add_api_route(
        "",
        create_item,
        methods=["POST"],
        operation_id=f"create_{singular}",
        summary=f"Add a {singular}",
        status_code=201,
        response_model=model,
        responses=WRITE_ERRORS,
    )
    router.add_api_route(
        item_path,
        update_item,
        methods=["PATCH"],
        operation_id=f"update_{singular}",
        summary=f"Change a {singular}",
        response_model=model,
        responses=WRITE_ERRORS,
    )
    router.add_api_route(
        item_path,
        delete_item,
        methods=["DELETE"],
        operation_id=f"delete_{singular}",
        summary=f"Delete a {singular}",
        status_code=204,
        responses=WRITE_ERRORS,
    )
