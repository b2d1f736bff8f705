"""Quality figures of the monitoring core, printed (no thresholds enforced here; tests pin the behaviour):

1. Deduplication: precision/recall of story grouping on constructed syndication pairs from the shared corpus
   (copies with a new title, a byline, a cut paragraph, a few words changed), for several thresholds.
2. Place relevance: precision/recall of `relevant` on our labelled set tests/data/relevance/labels.jsonl, on its
   dev half (ids with an even hash; used to tune) and its test half (reported only).

Run: `.venv/bin/python bench/quality.py [--pairs N]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lantoa.core.shared_data import shared_data_dir
from lantoa.monitoring.analysis import MemoryStories, Record, analyse
from lantoa.org.gazetteer import gazetteer_from_files

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "relevance" / "labels.jsonl"
BYLINES = ["Theo TTXVN", "PV", "Nguồn: Báo Thái Nguyên", "(Theo VOV)", "Nhóm phóng viên", "Minh Anh"]


def load_corpus(limit: int | None = None) -> dict[str, dict[str, str]]:
    corpus = {}
    with lzma.open(shared_data_dir() / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            record = json.loads(line)
            corpus[str(record["id"])] = record
    return corpus


def syndicate(record: dict[str, str], rng: random.Random, heavy: bool = False) -> dict[str, str]:
    """A plausible syndicated copy: some of these edits, at random; ``heavy``: all of them, and more words."""
    paragraphs = [p for p in record["body"].split("\n") if p.strip()]
    title = record["title"]
    if rng.random() < 0.7:
        words = title.split()
        rng.shuffle(words)
        title = " ".join(words[: max(3, len(words) - 2)])
    if len(paragraphs) > 3 and (heavy or rng.random() < 0.6):
        del paragraphs[rng.randrange(1, len(paragraphs))]  # a paragraph cut
    if heavy or rng.random() < 0.6:
        paragraphs.append(rng.choice(BYLINES))  # a byline added
    words = "\n".join(paragraphs).split(" ")
    for _ in range(rng.randint(10, 20) if heavy else rng.randint(0, 6)):  # words changed
        words[rng.randrange(len(words))] = rng.choice(["đã", "sẽ", "được", "cho biết", "nói", "khẳng định"])
    return {"id": f"copy-{record['id']}", "title": title, "sapo": record.get("sapo", ""), "body": " ".join(words)}


def dedup(corpus: dict[str, dict[str, str]], pairs: int, seed: int = 7, heavy: bool = False) -> None:
    rng = random.Random(seed)
    candidates = [r for r in corpus.values() if len(r.get("body", "")) > 1500]
    originals = rng.sample(candidates, pairs)
    distractors = rng.sample([r for r in candidates if r not in originals], pairs)
    gazetteer = gazetteer_from_files()
    items = [*originals, *distractors, *(syndicate(r, rng, heavy) for r in originals)]
    analyses = [
        (
            str(r["id"]),
            analyse(Record(key=str(r["id"]), title=r["title"], lead=r.get("sapo", ""), body=r["body"]), gazetteer),
        )
        for r in items
    ]
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        stories = MemoryStories(threshold)
        story_of = {own: stories.assign(own, analysis) for own, analysis in analyses}
        found = sum(1 for r in originals if story_of[f"copy-{r['id']}"] == story_of[str(r["id"])])
        # Every other grouping is a false positive (some may be real copies inside the corpus itself: see below).
        groups: dict[str, list[str]] = {}
        for own, story in story_of.items():
            groups.setdefault(story, []).append(own)
        predicted_pairs = sum(len(g) * (len(g) - 1) // 2 for g in groups.values())
        precision = found / predicted_pairs if predicted_pairs else 1.0
        print(
            f"  threshold {threshold:.1f}: recall {found / pairs:.3f}, precision {precision:.3f} "
            f"({predicted_pairs - found} other pairs grouped)"
        )


def relevance(corpus: dict[str, dict[str, str]]) -> None:
    if not LABELS.exists():
        print("  no labels yet")
        return
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    gazetteer = gazetteer_from_files()
    halves: dict[str, list[tuple[bool, bool, str]]] = {"dev": [], "test": []}
    for label in labels:
        record = corpus.get(str(label["id"]))
        if record is None:
            continue
        analysis = analyse(
            Record(key=str(label["id"]), title=record["title"], lead=record.get("sapo", ""), body=record["body"]),
            gazetteer,
        )
        half = "dev" if int(hashlib.sha1(str(label["id"]).encode()).hexdigest(), 16) % 2 == 0 else "test"  # noqa: S324
        halves[half].append((bool(label["relevant"]), analysis.relevant, str(label["id"])))
    for half, rows in halves.items():
        tp = sum(1 for truth, guess, _ in rows if truth and guess)
        fp = sum(1 for truth, guess, _ in rows if guess and not truth)
        fn = sum(1 for truth, guess, _ in rows if truth and not guess)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            f"  {half}: {len(rows)} articles, {tp + fn} relevant; precision {precision:.3f}, recall {recall:.3f}"
            f" (fp {fp}, fn {fn})"
        )
        if "-v" in sys.argv:
            for truth, guess, own in rows:
                if truth != guess:
                    print(f"    {'FN' if truth else 'FP'} {own}: {corpus[own]['title'][:90]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    corpus = load_corpus()
    print(f"deduplication, {args.pairs} constructed copies (light edits) among {2 * args.pairs} articles:")
    dedup(corpus, args.pairs)
    print("deduplication, heavy edits (a paragraph cut, a byline, 10-20 words changed, a new title):")
    dedup(corpus, args.pairs, heavy=True)
    print("relevance on tests/data/relevance/labels.jsonl:")
    relevance(corpus)


if __name__ == "__main__":
    main()
