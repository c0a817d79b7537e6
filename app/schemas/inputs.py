"""Request bodies' building blocks: `Input` (no control characters anywhere), `WriteBody`
(a revision message), text fields and the anchors an edit re-places."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

import orjson
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from app.schemas.common import Schema

AnchorKey = Annotated[str, Field(max_length=120)]
Anchors = dict[AnchorKey, str | list[str] | None]
ANCHORS_DESCRIPTION = (
    "What to do with quotes, dates (by id) or scenarios (by key) whose text this edit removes: "
    "`null` deletes them, words re-anchor them (a list of passages for a scenario)."
)
# Control characters in text: NUL cannot be stored by PostgreSQL (SQLite stored it), and the
# others are invisible in every representation. Line breaks and tabs only where text has lines.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_ANY_CONTROL = re.compile(f"[{_CONTROLS}]")
_LINE_CONTROL = re.compile(f"[{_CONTROLS}\n\r]")


def _no_controls(pattern: re.Pattern[str], allowed: str) -> Any:
    def check(value: str) -> str:
        if (found := pattern.search(value)) is not None:
            raise ValueError(
                f"control character U+{ord(found[0]):04X} at {found.start()}; {allowed}"
            )
        return value

    return AfterValidator(check)


Text = Annotated[
    str,
    Field(min_length=1, max_length=100_000),
    _no_controls(_ANY_CONTROL, "text may hold line breaks and tabs, no other control characters"),
]


def _date_time_text(value: Any) -> Any:
    """Date-times as text only, as `format: date-time` says: pydantic alone would read a number
    as a Unix time (`"published_at": 0` was 1970-01-01), which schemathesis found."""
    if not isinstance(value, str | datetime):
        raise ValueError("a date-time is RFC 3339 text, e.g. 2022-10-26T13:48:00+01:00")
    return value


DateTimeText = Annotated[datetime, BeforeValidator(_date_time_text)]
ShortText = Annotated[
    str,
    Field(min_length=1, max_length=500),
    _no_controls(_LINE_CONTROL, "a one-line text may hold tabs, no other control characters"),
]


def _no_declared_defaults(schema: dict[str, Any]) -> None:
    """A request body's members declare no `default` (the server still applies it; one other
    than null is said in the description). openapi-typescript types every member that has a
    default as required, and in a merge patch a member left out ("keep") is not `null`
    ("clear")."""
    for member in schema.get("properties", {}).values():
        default = member.pop("default", None)
        if default is not None:
            said = f"Default: `{orjson.dumps(default).decode()}`."
            member["description"] = f"{member.get('description', '')} {said}".strip()


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, member in value.items():
            yield from _strings_in(key)
            yield from _strings_in(member)
    elif isinstance(value, list):
        for member in value:
            yield from _strings_in(member)


class Input(Schema):
    """A request body or part of one. Besides the rules of `Text` and `ShortText`, no string
    anywhere in it (ids, anchors, annotations, a source document) holds a control character
    other than a line break or a tab."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_declared_defaults)

    @model_validator(mode="before")
    @classmethod
    def _no_stray_controls(cls, data: Any) -> Any:
        for text in _strings_in(data):
            if (found := _ANY_CONTROL.search(text)) is not None:
                raise ValueError(
                    f"a string holds the control character U+{ord(found[0]):04X}; "
                    "only line breaks and tabs are allowed"
                )
        return data


class WriteBody(Input):
    message: str | None = Field(
        default=None, max_length=500, description="Why: recorded in the revision."
    )
