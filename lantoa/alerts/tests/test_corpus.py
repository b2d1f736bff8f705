"""Rules evaluated on real articles (the 2017 news corpus), against an independent brute-force reading."""

from __future__ import annotations

import itertools
import json
import lzma
import re
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.models import User
from lantoa.alerts import services
from lantoa.alerts.models import AlertMatch
from lantoa.monitoring.models import Item
from lantoa.vntext.normalize import fold

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]
SIZE = 300


def corpus_rows(shared_data: Path, size: int) -> list[dict[str, str]]:
    with lzma.open(shared_data / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in itertools.islice(lines, size)]
    return [{"id": str(row["id"]), "title": row["title"], "sapo": row.get("sapo", ""), "body": row["body"],
             "source": "Báo Mới"} for row in rows]  # fmt: skip


def has(text: str, phrase: str) -> bool:
    """Whole-word phrase presence on folded text, written independently of vntext.query."""
    words = re.findall(r"\w+", fold(phrase))
    return re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", fold(text)) is not None


def test_rules_on_real_articles_match_a_brute_force_reading(shared_data: Path, press_officer: User, store: Any) -> None:
    items = store(corpus_rows(shared_data, SIZE))
    assert len(items) > SIZE * 0.9
    rules = {
        "tai nạn": services.do_create_rule(
            press_officer, {"name": "Tai nạn", "query": '"tai nạn" NOT "giao thông"', "relevant_only": False}
        ),
        "hà nội": services.do_create_rule(
            press_officer, {"name": "Hà Nội", "query": '"Ha Noi" (“giá” OR "tăng")', "relevant_only": False}
        ),
    }
    result = services.do_run_tick(deliver=False)
    assert result.items == len(items)

    def text(item: Item) -> str:
        # Fields apart, as the evaluator keeps them (a phrase never spans the title and the lead).
        return " xqzx ".join((item.title, item.lead, item.body))

    expected = {
        "tai nạn": {i.story_id for i in items if has(text(i), "tai nạn") and not has(text(i), "giao thông")},
        "hà nội": {
            i.story_id for i in items if has(text(i), "Hà Nội") and (has(text(i), "giá") or has(text(i), "tăng"))
        },
    }  # fmt: skip
    for key, rule in rules.items():
        found = set(AlertMatch.objects.filter(rule=rule).values_list("story_id", flat=True))
        assert found == expected[key], key
        assert found  # the corpus has some of each: the comparison is not between two empty sets
