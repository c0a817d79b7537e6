"""The create / update / delete routes every part of an essay shares, written once.

No `from __future__ import annotations` here: the route functions are built in a closure, and
FastAPI must see their body and path types as objects, not as names to look up later.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import SessionDep, SlugPath
from app.api.writing.auth import Writer
from app.api.writing.edits import ExpectedVersion, no_content, run_edit, write_responses, written
from app.schemas.common import Schema
from app.schemas.inputs import WriteBody
from app.services.editing.draft import Draft

Changes = list[dict[str, Any]]
GUARDS = (
    "Needs `Authorization: Bearer` with a `write` token, and `If-Match` with the essay's "
    "current ETag: `428` without it, `412` when the essay has changed since."
)


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
    description: str,
    param: str = "item_id",
) -> None:
    """POST on the list, PATCH and DELETE on one item, each one new version of the essay.

    `description` says what a write to this collection does to the essay; each operation's
    description in the OpenAPI document starts with it.
    """
    item = Annotated[str, Path(alias=param, description=f"The {singular}'s {param}.")]
    item_path = "/{" + param + "}"
    router.add_api_route(
        "",
        create_handler(collection, create_body, create, find),
        methods=["POST"],
        operation_id=f"create_{singular}",
        summary=f"Add a {singular}",
        description=f"{description} Answers `201` with the new {singular} as a GET would now "
        f"serve it, its `Location`, and the essay's new `ETag`. {GUARDS}",
        status_code=201,
        response_model=model,
        responses=write_responses(201, location=True),
    )
    router.add_api_route(
        item_path,
        update_handler(item, patch_body, update, find),
        methods=["PATCH"],
        operation_id=f"update_{singular}",
        summary=f"Change a {singular}",
        description=f"{description} Fields left out stay as they are. Answers the {singular} "
        f"as a GET would now serve it, with the essay's new `ETag`. {GUARDS}",
        response_model=model,
        responses=write_responses(),
    )
    router.add_api_route(
        item_path,
        delete_handler(item, delete),
        methods=["DELETE"],
        operation_id=f"delete_{singular}",
        summary=f"Delete a {singular}",
        description=f"{description} Deleting is one more version of the essay (older versions "
        f"keep the {singular}); answers `204` with the essay's new `ETag`. {GUARDS}",
        status_code=204,
        responses=write_responses(204),
    )


def create_handler(
    collection: str,
    body_type: type[WriteBody],
    create: Callable[[Draft, Any], tuple[Changes, str]],
    find: Callable[[dict[str, Any], str], dict[str, Any]],
) -> Callable[..., Response]:
    """The POST route: the new item, where it now lives, and the essay's new version."""

    def create_item(
        request: Request,
        slug: SlugPath,
        body: body_type,  # type: ignore[valid-type]
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

    return create_item


def update_handler(
    item: Any,
    body_type: type[WriteBody],
    update: Callable[[Draft, str, Any], Changes],
    find: Callable[[dict[str, Any], str], dict[str, Any]],
) -> Callable[..., Response]:
    """The PATCH route: the item as it now is, with the essay's new version."""

    def update_item(
        request: Request,
        slug: SlugPath,
        item_id: item,  # type: ignore[valid-type]
        body: body_type,  # type: ignore[valid-type]
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

    return update_item


def delete_handler(item: Any, delete: Callable[[Draft, str], Changes]) -> Callable[..., Response]:
    """The DELETE route: no body back, only the essay's new version."""

    def delete_item(
        request: Request,
        slug: SlugPath,
        item_id: item,  # type: ignore[valid-type]
        session: SessionDep,
        principal: Writer,
        expected: ExpectedVersion,
    ) -> Response:
        done = run_edit(
            request, session, slug, expected, principal, None, lambda d: (delete(d, item_id), None)
        )
        return no_content(done.essay.version)

    return delete_item
