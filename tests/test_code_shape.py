"""The code stays readable: no function in `app/` longer than the developers' guide allows.

A function over the limit does several things; split it into steps with names. The functions
listed in `NOT_YET_SPLIT` are being edited elsewhere and wait to be split: take one off the list
when it fits (a test fails while a listed function fits, so the list only ever shrinks).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from app.core.config import PROJECT_ROOT

MAX_LINES = 60  # from `def` to the last line of the body, docstring included
NOT_YET_SPLIT: set[str] = set()


def functions(root: Path = PROJECT_ROOT) -> Iterator[tuple[str, int]]:
    """("path:name", lines) for every function and method in root's app/."""
    for path in sorted((root / "app").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                yield f"{name}:{node.name}", node.end_lineno - node.lineno + 1


def too_long(root: Path = PROJECT_ROOT) -> dict[str, int]:
    return {
        where: lines
        for where, lines in functions(root)
        if lines > MAX_LINES and where not in NOT_YET_SPLIT
    }


def test_no_function_in_app_is_longer_than_the_limit() -> None:
    found = too_long()
    assert not found, f"functions over {MAX_LINES} lines: {found}"


def test_the_checker_finds_a_function_one_line_over_the_limit(tmp_path: Path) -> None:
    (tmp_path / "app" / "api").mkdir(parents=True)
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES - 1))
    (tmp_path / "app" / "api" / "long.py").write_text(
        f"def fits():\n{body}\n\nasync def over():\n{body}    return x0\n"
    )
    assert too_long(tmp_path) == {"app/api/long.py:over": MAX_LINES + 1}


def test_the_functions_waiting_to_be_split_are_still_long() -> None:
    lengths = dict(functions())
    fitting = {where for where in NOT_YET_SPLIT if lengths.get(where, 0) <= MAX_LINES}
    assert not fitting, f"these fit now (or are gone): take them off NOT_YET_SPLIT: {fitting}"


def test_the_checker_sees_every_module() -> None:
    counted = {where.split(":")[0] for where, _ in functions()}
    assert "app/services/snapshots.py" in counted and len(counted) > 50
