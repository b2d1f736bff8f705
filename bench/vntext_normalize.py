"""Throughput of the Vietnamese normalisation that ingestion runs on every article (target: clean_text well under
100 µs for a 3.5 KB article; 35,440 articles in under a minute for the whole pipeline).

Run: `.venv/bin/python bench/vntext_normalize.py [articles] [repeats]` (defaults 5000 and 5). Reads the first
articles of ``<shared data>/news/baomoi-2017.jsonl.xz`` (``LANTOA_SHARED_DATA``, else ``../shared/data``) and calls
each function on the title, the sapo (lead) and the body separately, as the pipeline does. Prints, per function,
the best of the repeats in µs per article and MB/s of UTF-8 input, and how many articles each one changed.
"""

from __future__ import annotations

import json
import lzma
import sys
import time
from collections.abc import Callable

from lantoa.core.shared_data import shared_data_dir
from lantoa.vntext.legacy import to_unicode
from lantoa.vntext.normalize import clean_text, fold, nfc, normalize_tones


def load(count: int) -> list[tuple[str, str, str]]:
    path = shared_data_dir() / "news" / "baomoi-2017.jsonl.xz"
    articles: list[tuple[str, str, str]] = []
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            articles.append((record["title"] or "", record["sapo"] or "", record["body"] or ""))
            if len(articles) >= count:
                break
    return articles


def measure(name: str, function: Callable[[str], object], articles: list[tuple[str, str, str]], repeats: int) -> None:
    size = sum(len(field.encode("utf-8")) for article in articles for field in article)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for title, lead, body in articles:
            function(title)
            function(lead)
            function(body)
        best = min(best, time.perf_counter() - started)
    changed = sum(1 for article in articles if any(function(field) != field for field in article))
    per_article = best / len(articles) * 1e6
    print(f"{name:<16} {per_article:8.1f} µs/article {size / best / 1e6:8.1f} MB/s   changed {changed} articles")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    articles = load(count)
    size = sum(len(field.encode("utf-8")) for article in articles for field in article)
    print(f"{len(articles)} articles, {size / 1e6:.1f} MB UTF-8, {size / len(articles) / 1e3:.2f} KB/article")
    measure("nfc", nfc, articles, repeats)
    measure("normalize_tones", normalize_tones, articles, repeats)
    measure("clean_text", clean_text, articles, repeats)
    measure("fold", fold, articles, repeats)
    measure("to_unicode", lambda text: to_unicode(text)[0], articles, repeats)


if __name__ == "__main__":
    main()
