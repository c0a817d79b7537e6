"""Which URLs a representation may link or show: absolute http(s) ones only (`WEB_URL_PATTERN`).

Writes are validated against the same pattern; this guards what was stored before they were.
"""

from __future__ import annotations

import re

from app.schemas.common import WEB_URL_PATTERN

_WEB_URL = re.compile(WEB_URL_PATTERN)


def web_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) URL that needs no escaping to stay one, else None."""
    return value if value is not None and _WEB_URL.fullmatch(value) else None
