"""`If-Match` on writes: the version the client last saw, or a refusal (RFC 9110 §13.1.1)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header

from app.core.errors import PreconditionRequired

IF_MATCH = "If-Match"
IF_MATCH_DESCRIPTION = (
    "The essay's current ETag, as any read of it or its parts (or the last write) sent it, or "
    '`"v<version>"`. Without it the write is refused with `428`; when the essay has changed '
    "since, with `412`."
)

# Our ETags are "v<version>-<digest>" (any representation) or just "v<version>".
_VERSION_TAG = re.compile(r'^(?:W/)?"v(\d+)(?:-[0-9a-f]+)?"$')


def expected_version(
    if_match: Annotated[
        str | None,
        Header(alias=IF_MATCH, description=IF_MATCH_DESCRIPTION, examples=['"v1"']),
    ] = None,
) -> int:
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            'Writes need `If-Match` with the essay\'s current ETag (or "v<version>"), '
            "so that no update is lost."
        )
    versions = {
        int(m.group(1)) for tag in if_match.split(",") if (m := _VERSION_TAG.match(tag.strip()))
    }
    if len(versions) != 1:
        raise PreconditionRequired(
            f"`If-Match: {if_match}` names no single version of this API's ETags; "
            'send the ETag you last read, e.g. "v3".'
        )
    return versions.pop()
