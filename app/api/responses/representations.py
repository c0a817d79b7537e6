"""The representations of one essay version, each cut from its snapshot and memoised on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson

from app.core.errors import BadRequest
from app.render.jsonld import jsonld_bytes
from app.render.markdown import essay_markdown
from app.schemas.essays import Essay
from app.services.snapshot_cache import EssayVersion
from app.services.snapshots import INCLUDABLE

JSON = "application/json"
PLAIN = "text/plain"
JSONLD = "application/ld+json"
MARKDOWN = "text/markdown"

ESSAY_FIELDS = tuple(name for name in Essay.model_fields if name not in INCLUDABLE)


def parse_list(raw: str | None, allowed: Sequence[str], name: str) -> tuple[str, ...]:
    """`a,b` → ('a', 'b'), in the allowed order; an unknown name is a 400 that lists the choices."""
    if raw is None:
        return ()
    names = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = sorted(names - set(allowed))
    if unknown:
        raise BadRequest(
            f"Unknown {name}: {', '.join(unknown)}. Choose from: {', '.join(allowed)}.",
            errors=[{"loc": ["query", name], "msg": f"unknown value {u!r}"} for u in unknown],
        )
    return tuple(n for n in allowed if n in names)


def essay_json(
    document: dict[str, Any], include: tuple[str, ...], fields: tuple[str, ...]
) -> bytes:
    keep = fields or ESSAY_FIELDS
    out = {k: document[k] for k in ESSAY_FIELDS if k in keep}
    out.update((k, document[k]) for k in include)
    return orjson.dumps(out)


def _plain(essay: EssayVersion) -> bytes:
    return essay.plain_text.encode()


# media type → renderer of the whole essay; JSON takes `include` and `fields` besides.
RENDERERS: dict[str, Callable[[EssayVersion], bytes]] = {
    JSONLD: lambda essay: jsonld_bytes(essay.document),
    MARKDOWN: lambda essay: essay_markdown(essay.document).encode(),
    PLAIN: _plain,
}
MEDIA_TYPES = (JSON, *RENDERERS)
CHARSET = {PLAIN: "text/plain; charset=utf-8", MARKDOWN: "text/markdown; charset=utf-8"}
