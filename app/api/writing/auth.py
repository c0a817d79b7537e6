"""`Authorization: Bearer` for writes, checked before anything reads the body: 401 without a
valid token, 403 without the scope, then the token's rate limit (429). FastAPI parses a JSON
body before it runs any dependency, so `GuardedRoute` runs a route's guard first, and the
dependency then hands back what it found.

The token is looked up on a connection of its own, handed back at once: the request's session
connects only when the route runs, after its body has arrived, so a client that sends its body
slowly holds no database connection while it does.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.front.rate_limits import STATE_KEY, RateLimiter
from app.core.errors import Forbidden, Unauthorized
from app.services.tokens import Principal, authenticate

bearer = HTTPBearer(
    scheme_name="bearer",
    auto_error=False,
    description="A token from `essay-api token create --scope write` (`admin` to restore).",
)
PRINCIPAL_KEY = "principal"  # in `scope["state"]`: the guard's answer, for the dependency
GUARDS: set[Callable[..., Principal]] = set()


def require(scope: str, budget: str = "writes") -> Callable[..., Principal]:
    """The principal of a request whose token has `scope`, charged to its `budget`."""

    def principal(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        state = request.scope.setdefault("state", {})
        if PRINCIPAL_KEY in state:  # checked already, by `GuardedRoute`
            found: Principal = state[PRINCIPAL_KEY]
            return found
        state[PRINCIPAL_KEY] = found = _check(request, credentials, scope, budget)
        return found

    GUARDS.add(principal)
    return principal


def _check(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    scope: str,
    budget: str,
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(
            "This operation needs `Authorization: Bearer <token>`.",
            headers={"WWW-Authenticate": 'Bearer realm="essay-api"'},
        )
    limiter: RateLimiter = request.app.state.rate_limiter
    with request.app.state.engine.connect() as connection:
        found = authenticate(connection, credentials.credentials)
    if found is None:
        failed = limiter.failure(request.client.host if request.client else "unknown")
        if failed is not None and not failed.allowed:
            raise failed.refusal()
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
    spent = limiter.write(getattr(limiter, budget), credentials.credentials)
    if spent is not None:
        if not spent.allowed:
            raise spent.refusal()
        request.scope["state"][STATE_KEY] = spent.headers()
    return found


Writer = Annotated[Principal, Depends(require("write"))]
Importer = Annotated[Principal, Depends(require("write", "imports"))]
Admin = Annotated[Principal, Depends(require("admin"))]


class GuardedRoute(APIRoute):
    """A route whose guard (a `require` dependency) runs before FastAPI reads the body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        guard = next((d.call for d in self.dependant.dependencies if d.call in GUARDS), None)
        if guard is None:
            return handler

        async def guarded(request: Request) -> Response:
            await run_in_threadpool(guard, request, await bearer(request))
            return await handler(request)

        return guarded
