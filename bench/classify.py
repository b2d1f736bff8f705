"""Classifier throughput on one core: comment-length texts per second with every head, and one news article with
every head (targets: ≥ 5,000 comments/s/core; ≤ 2 ms per article). Also `lantoa eval`'s dev table is the place for
scores. Run: `.venv/bin/python bench/classify.py`."""

from __future__ import annotations

import json
import lzma
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lantoa.core.shared_data import shared_data_dir
from lantoa.vntext.classify import datasets
from lantoa.vntext.classify.heads import HEAD_MODELS, Classifier


def rate(classifier: Classifier, texts: list[str]) -> float:
    fields = tuple(HEAD_MODELS)
    classifier.classify(texts[0], fields)  # models loaded outside the timing
    started = time.perf_counter()
    for text in texts:
        classifier.classify(text, fields)
    return (time.perf_counter() - started) / len(texts)


def main() -> None:
    root = shared_data_dir()
    comments, _ = datasets.vihsd(root, "dev")
    articles = []
    with lzma.open(root / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles.append(f"{record['title']}\n{record.get('sapo', '')}\n{record['body']}")
            if len(articles) >= 1000:
                break
    classifier = Classifier()
    per_comment = rate(classifier, comments)
    per_article = rate(classifier, articles)
    length = sum(map(len, comments)) / len(comments)
    print(
        f"comments (ViHSD dev, {len(comments)}, mean {length:.0f} chars), all heads: "
        f"{1 / per_comment:,.0f} texts/s on one core (target ≥ 5,000)"
    )
    print(f"news articles (baomoi, {len(articles)}), all heads: {per_article * 1000:.2f} ms each (target ≤ 2 ms)")


if __name__ == "__main__":
    main()
