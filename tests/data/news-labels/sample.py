"""Reproducible sampling of the labelled news dev set (ids only; no article text is stored).

Usage::

    .venv/bin/python tests/data/news-labels/sample.py            # print the sample as JSON lines
    .venv/bin/python tests/data/news-labels/sample.py --check    # compare with labels.jsonl

The corpus is ``$LANTOA_SHARED_DATA/news/baomoi-2017.jsonl.xz``; without the variable the
shared folder next to the repository (``<repo>/../shared/data``) is used.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import sys
from pathlib import Path

SEED = 20261126
MIN_BODY = 300
N_RANDOM = 240
N_LOCAL = 60
LOCAL_TERMS = ("Thái Nguyên", "Bắc Kạn")

# Extra draws for sectors that the plain random draw under-represents.  The keywords only
# find *candidates* (matched in the title); every article is labelled by reading it.
# Quotas were set after labelling the plain draw, for the sectors it left under ~12; the last
# row was added after the first four rows had been labelled (labour-social was still short).
# Rows are drawn in order from one random generator, so only append rows, never edit them.
LABOUR_WORDS = (
    "lao động", "việc làm", "bảo hiểm xã hội", "BHXH", "giảm nghèo", "hộ nghèo", "tiền lương", "công nhân",
    "trẻ em", "người cao tuổi", "từ thiện", "an sinh",
)  # fmt: skip
TRANSPORT_WORDS = (
    "cao tốc",
    "BOT",
    "đường sắt",
    "sân bay",
    "quy hoạch",
    "chung cư",
    "xây dựng",
    "ùn tắc",
    "bất động sản",
)
TECH_WORDS = (
    "công nghệ", "smartphone", "iPhone", "internet", "phần mềm", "nhà khoa học", "vệ tinh", "robot", "tin tặc",
    "hacker",
)  # fmt: skip
EDUCATION_WORDS = ("học sinh", "sinh viên", "giáo viên", "tuyển sinh", "đại học", "giáo dục", "nhà trường")
LABOUR_WORDS_2 = (
    "người lao động", "lương tối thiểu", "trợ cấp", "khuyết tật", "xuất khẩu lao động", "bạo hành", "mồ côi",
    "người nghèo", "thất nghiệp",
)  # fmt: skip
BOOSTS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("labour-social", 9, LABOUR_WORDS),
    ("transport-construction", 7, TRANSPORT_WORDS),
    ("science-technology", 6, TECH_WORDS),
    ("education", 5, EDUCATION_WORDS),
    ("labour-social", 6, LABOUR_WORDS_2),
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def corpus_path() -> Path:
    base = os.environ.get("LANTOA_SHARED_DATA")
    root = Path(base) if base else REPO.parent / "shared" / "data"
    return root / "news" / "baomoi-2017.jsonl.xz"


def load_articles(path: Path) -> list[dict[str, str]]:
    """Eligible articles in corpus order: body of at least MIN_BODY characters, first copy of a title."""
    seen_titles: set[str] = set()
    articles = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            body = art.get("body") or ""
            title = (art.get("title") or "").strip()
            if len(body) < MIN_BODY or title.casefold() in seen_titles:
                continue
            seen_titles.add(title.casefold())
            articles.append({"id": str(art["id"]), "title": title, "sapo": art.get("sapo") or "", "body": body})
    return articles


def is_local(art: dict[str, str]) -> bool:
    """The province is a subject, not a passing mention: named in title/sapo, or twice in the body."""
    head = art["title"] + " " + art["sapo"]
    if any(term in head for term in LOCAL_TERMS):
        return True
    return sum(art["body"].count(term) for term in LOCAL_TERMS) >= 2


def draw(articles: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return [{"id", "stratum"}] in a fixed order: local, random, then boosts."""
    rng = random.Random(SEED)
    taken: set[str] = set()
    out: list[dict[str, str]] = []

    def take(pool: list[dict[str, str]], n: int, stratum: str) -> None:
        pool = [a for a in pool if a["id"] not in taken]
        for art in rng.sample(pool, min(n, len(pool))):
            taken.add(art["id"])
            out.append({"id": art["id"], "stratum": stratum})

    local = [a for a in articles if is_local(a)]
    take(local, N_LOCAL, "local")
    take([a for a in articles if not is_local(a)], N_RANDOM, "random")
    for sector, n, keywords in BOOSTS:
        pool = [a for a in articles if any(k.casefold() in a["title"].casefold() for k in keywords)]
        take(pool, n, f"boost-{sector}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the draw with labels.jsonl")
    args = parser.parse_args()
    sample = draw(load_articles(corpus_path()))
    if not args.check:
        for row in sample:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    labelled = [json.loads(line) for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line]
    want = [(r["id"], r["stratum"]) for r in sample]
    have = [(r["id"], r["stratum"]) for r in labelled]
    if want != have:
        missing = sorted(set(want) - set(have))
        extra = sorted(set(have) - set(want))
        print(f"mismatch: {len(missing)} drawn but not labelled, {len(extra)} labelled but not drawn", file=sys.stderr)
        return 1
    print(f"ok: {len(have)} articles match the draw")
    return 0


if __name__ == "__main__":
    sys.exit(main())
