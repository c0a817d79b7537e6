"""Bearer tokens: minted once, stored as a SHA-256 digest, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.core.scopes import SCOPES
from app.db import tables

TOKEN_PREFIX = "eapi_"
TOKEN: sa.Table = tables.ApiToken.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Principal:
    name: str
    scope: str

    def allows(self, scope: str) -> bool:
        return SCOPES.index(self.scope) >= SCOPES.index(scope)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, name: str, scope: str) -> str:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; choose from {', '.join(SCOPES)}")
    if session.exec(select(tables.ApiToken).where(tables.ApiToken.name == name)).first():
        raise ValueError(f"a token named {name!r} exists; revoke it or choose another name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        tables.ApiToken(
            name=name, scope=scope, token_hash=digest(token), created_at=tables.utcnow()
        )
    )
    return token


def revoke_token(session: Session, name: str) -> bool:
    row = session.exec(
        select(tables.ApiToken).where(
            tables.ApiToken.name == name,
            tables.ApiToken.revoked_at == None,  # noqa: E711
        )
    ).first()
    if row is None:
        return False
    row.revoked_at = tables.utcnow()
    session.add(row)
    return True


def list_tokens(session: Session) -> list[tables.ApiToken]:
    return list(session.exec(select(tables.ApiToken).order_by(col(tables.ApiToken.id))))


def authenticate(connection: sa.Connection, token: str) -> Principal | None:
    wanted = digest(token)
    row = connection.execute(
        sa.select(TOKEN.c.name, TOKEN.c.scope, TOKEN.c.token_hash, TOKEN.c.revoked_at).where(
            TOKEN.c.token_hash == wanted
        )
    ).first()
    # The lookup is by digest; compare again in constant time so no path leaks timing.
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, wanted):
        return None
    return Principal(row.name, row.scope)
