"""`Authorization: Bearer` for writes: 401 without a valid token, 403 without the scope.

The token is looked up on a connection of its own, handed back at once: the request's session
connects only when the route runs, after its body has arrived, so a client that sends its body
slowly holds no database connection while it does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.core.errors import Forbidden, Unauthorized
from app.services.tokens import Principal, authenticate

bearer = HTTPBearer(
    scheme_name="bearer",
    auto_error=False,
    description="A token from `essay-api token create --scope write` (`admin` to restore).",
)


def require(scope: str) -> Callable[..., Principal]:
    def principal(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized(
                "This operation needs `Authorization: Bearer <token>`.",
                headers={"WWW-Authenticate": 'Bearer realm="essay-api"'},
            )
        with request.app.state.engine.connect() as connection:
            found = authenticate(connection, credentials.credentials)
        if found is None:
            raise Unauthorized(
                "The bearer token is unknown or revoked.",
                headers={"WWW-Authenticate": 'Bearer realm="essay-api", error="invalid_token"'},
            )
        if not found.allows(scope):
            raise Forbidden(
                f"The token '{found.name}' has scope '{found.scope}'; this needs '{scope}'.",
                headers={
                    "WWW-Authenticate": f'Bearer realm="essay-api", error="insufficient_scope", '
                    f'scope="{scope}"'
                },
            )
        return found

    return principal


Writer = Annotated[Principal, Depends(require("write"))]
Admin = Annotated[Principal, Depends(require("admin"))]
