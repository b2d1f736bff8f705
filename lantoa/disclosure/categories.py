"""The art. 17 categories of information a body publishes proactively, read once from ``data/categories.json``.

They are data, not a model: the list follows the law (and the sector laws that set periods), it is reviewed with
the legal text, and a change is a reviewed commit, not an edit in the admin. Every entry says which article it rests
on and whether anyone verified it (none is yet: see doc/legal.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "categories.json"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    article: str
    applies_to: tuple[str, ...]  # organisation kinds (org.OrganisationKind) that must keep this category
    within_days: int | None  # publish within N days of issue/approval (None: no period found)
    every_months: int | None  # something published at least every N months (None: no periodicity)
    required: bool  # at least one published entry must exist
    basis: str
    verified: bool

    def applies(self, kind: str) -> bool:
        return kind in self.applies_to


@cache
def all_categories() -> tuple[Category, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    found = []
    for row in raw["categories"]:
        category = Category(
            code=row["code"], name=row["name"], article=row["article"], applies_to=tuple(row["applies_to"]),
            within_days=row["within_days"], every_months=row["every_months"], required=bool(row["required"]),
            basis=row["basis"], verified=bool(row["verified"]),
        )  # fmt: skip
        found.append(category)
    return tuple(found)


def by_code() -> dict[str, Category]:
    return {category.code: category for category in all_categories()}


def choices() -> list[tuple[str, str]]:
    return [(category.code, category.name) for category in all_categories()]


def kinds_with_register() -> set[str]:
    """Organisation kinds that keep a register (those some category applies to)."""
    return {kind for category in all_categories() for kind in category.applies_to}
