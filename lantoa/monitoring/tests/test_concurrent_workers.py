"""Several ingest processes against one PostgreSQL at once (issue I, doc/scaling.md): no item stored twice, none
lost, and copies of one story that different workers store at the same moment end up in one story.

Each process is a separate `lantoa ingest` (what a huey worker runs per shard, see ``monitoring.tasks``) with
small batches, so that batches of different workers holding copies of the same articles overlap in time.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from lantoa.monitoring.tests.test_faults import (
    corpus_rows,
    environment,
    fault_database,  # noqa: F401 - the fixture, used by name
    postgres_outcome,
    prepare,
    synthetic_rows,
)

pytestmark = pytest.mark.slow

ARTICLES = 120  # each appears in every file, under another id: one story, as many copies as files
FILES = 4
OWN = 15  # articles only one file has
SEED = 20260701


def write_exports(directory: Path, rng: random.Random) -> tuple[list[Path], dict[str, str]]:
    """FILES exports with copies of the same articles, each in its own order: (paths, item key → article)."""
    rows = corpus_rows(ARTICLES + FILES * OWN)
    articles = list(rows if rows is not None else synthetic_rows(ARTICLES + FILES * OWN, rng))
    shared, own = articles[:ARTICLES], articles[ARTICLES:]
    article_of: dict[str, str] = {}
    paths = []
    for number in range(FILES):
        lines = []
        for article in shared + own[number * OWN : (number + 1) * OWN]:
            key = f"w{number}-{article['id']}"
            article_of[f"id:{key}"] = article["id"]
            lines.append(json.dumps({**article, "id": key}, ensure_ascii=False))
        rng.shuffle(lines)
        path = directory / f"worker-{number}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths, article_of


def run_together(environ: dict[str, str], paths: list[Path]) -> list[dict[str, int]]:
    command = [sys.executable, "-m", "lantoa", "ingest"]
    options = ["--workers", "1", "--batch-size", "5"]
    processes = [
        subprocess.Popen(  # noqa: S603
            [*command, str(path), *options], env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for path in paths
    ]
    summaries = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        summaries.append(json.loads(stdout.strip().splitlines()[-1]))
    return summaries


def test_four_workers_storing_copies_of_the_same_articles_at_once_make_one_story_each(
    tmp_path: Path,
    fault_database: str,  # noqa: F811 - the fixture imported above
) -> None:
    rng = random.Random(SEED)
    environ = environment(tmp_path / "var", DATABASE_URL=fault_database)
    prepare(environ)
    paths, article_of = write_exports(tmp_path, rng)

    # The same file twice among the workers too: its items must still be stored once.
    summaries = run_together(environ, [*paths, paths[0]])

    story_of: dict[str, int | None] = {}
    for path in paths:
        outcome = postgres_outcome(fault_database, path.name)
        keys = [key for key, _, _ in outcome.items]
        assert len(keys) == len(set(keys)), f"{path.name}: an item stored twice"
        expected = {key for key in article_of if key.startswith(f"id:{path.stem.replace('worker-', 'w')}-")}
        assert set(keys) == expected, f"{path.name}: {len(expected - set(keys))} items lost"
        story_of.update({key: story for key, _, story in outcome.items})
    assert sum(summary["new"] for summary in summaries) == len(article_of), summaries

    stories_of_article: dict[str, set[int | None]] = {}
    for key, story in story_of.items():
        stories_of_article.setdefault(article_of[key], set()).add(story)
    split = {article: stories for article, stories in stories_of_article.items() if len(stories) > 1}
    assert not split, f"{len(split)} articles split over several stories, e.g. {list(split.items())[:3]}"
    assert None not in {story for stories in stories_of_article.values() for story in stories}
    # Every story is one article's, and its copies counted right.
    assert outcome.stories == len(stories_of_article) == ARTICLES + FILES * OWN
    assert outcome.empty_stories == 0
    assert outcome.wrong_counts == 0
    assert outcome.fts == len(article_of)
