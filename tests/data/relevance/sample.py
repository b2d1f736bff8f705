"""Reproducible choice of the articles of the relevance evaluation set (see RULES.md in this folder).

Reads the shared 2017 news corpus (``news/baomoi-2017.jsonl.xz`` under ``LANTOA_SHARED_DATA``, else
``../shared/data`` beside the repository) and writes one line per candidate: ``id<TAB>stratum``. Nothing of the
articles' text is written. Syndicated copies are skipped: a candidate whose normalised title equals, or whose word
4-grams overlap by half or more (Jaccard), those of an article already chosen is passed over.

    .venv/bin/python tests/data/relevance/sample.py > /tmp/candidates.tsv
    .venv/bin/python tests/data/relevance/sample.py --show 22446189   # print one article to label it

The strata are filled in the order below, each from articles not chosen before, with the fixed seed.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

SEED = 20261126
REPOSITORY = Path(__file__).resolve().parents[3]
CORPUS = Path("news") / "baomoi-2017.jsonl.xz"

THAI_NGUYEN = re.compile(r"Thái Nguyên|THÁI NGUYÊN")
BAC_KAN = re.compile(r"Bắc [KC]ạn|BẮC [KC]ẠN")
UNIVERSITY = re.compile(r"(Đại học|Đại Học|ĐH|Cao đẳng|CĐ|Trường)[^.\n]{0,50}Thái Nguyên")
PERSON = re.compile(
    r"\b(Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Văn|Thị|Đức|Hữu|Minh|Công|Quang"
    r"|anh|chị|ông|bà|em|cháu) Thái Nguyên"
)
# The other 62 provinces and cities of 2017 (Thái Nguyên and Bắc Kạn excluded): six or more of them in one article
# make it a "list" article.
OTHER_PROVINCES = re.compile(
    "|".join(
        [
            "An Giang", "Bà Rịa", "Bạc Liêu", "Bắc Giang", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương",
            "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
            "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
            "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
            "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
            "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
            "Sơn La", "Tây Ninh", "Thái Bình", "Thanh Hóa", "Thừa Thiên", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
            "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "TP.HCM", "Hồ Chí Minh",
        ]
    )
)  # fmt: skip
# Names of units of the province that also exist elsewhere or are common words, and the district names that an
# article can use without naming the province.
HOMONYMS = [
    "Trần Phú", "Yên Bình", "Tân Thành", "Văn Lang", "Chợ Mới", "Thành Công", "Phú Bình", "Đồng Hỷ", "Phổ Yên",
    "Sông Công", "Quang Sơn", "Tân Khánh", "Phú Lương", "Định H[óo]á", "Na Rì", "Ba Bể", "Vạn Xuân", "Bình Yên",
    "Hợp Thành", "Đại Từ", "Võ Nhai", "Ngân Sơn", "Pác Nặm", "Chợ Đồn", "Bạch Thông",
]  # fmt: skip

# Articles that name the province in the title or sapo, or name it (or one of its former districts, with the type
# word) at least three times: the pool of likely relevant articles, drawn last to bring the relevant ones up.
_DISTRICTS = (
    "Thái Nguyên|Sông Công|Phổ Yên|Đại Từ|Định H[óo]á|Phú Lương|Đồng Hỷ|Võ Nhai|Phú Bình|Bắc [KC]ạn|Ba Bể|Pác Nặm"
    "|Chợ Đồn|Chợ Mới|Na Rì|Ngân Sơn|Bạch Thông"
)
LOCAL = re.compile(
    r"Thái Nguyên|THÁI NGUYÊN|Bắc [KC]ạn|BẮC [KC]ẠN|Núi Cốc|Núi Pháo|Tân Cương|ATK Định|hồ Ba Bể"
    r"|(?:huyện|thị xã|TX\.?|TP\.?|thành phố|H\.) ?(?:" + _DISTRICTS + ")"
)

# (stratum, how many); filled in this order.
QUOTAS = [
    ("thai-nguyen/person", 2),
    ("thai-nguyen/university", 15),
    ("thai-nguyen/list", 15),
    ("thai-nguyen/other", 40),
    ("bac-kan", 45),
    ("homonym", 60),
    ("random", 70),
    ("local", 70),
]


def corpus_path() -> Path:
    configured = os.environ.get("LANTOA_SHARED_DATA", "").strip()
    folder = Path(configured).expanduser() if configured else REPOSITORY.parent / "shared" / "data"
    return folder / CORPUS


def read_corpus(path: Path) -> Iterator[dict[str, str]]:
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def text_of(article: dict[str, str]) -> str:
    return unicodedata.normalize("NFC", "\n".join((article["title"], article["sapo"], article["body"])))


def stratum_of(text: str) -> str | None:
    """The keyword stratum an article may be drawn for (random is open to every article)."""
    if BAC_KAN.search(text):
        return "bac-kan"
    if THAI_NGUYEN.search(text):
        if PERSON.search(text):
            return "thai-nguyen/person"
        if UNIVERSITY.search(text):
            return "thai-nguyen/university"
        if len(set(OTHER_PROVINCES.findall(text))) >= 6:
            return "thai-nguyen/list"
        return "thai-nguyen/other"
    if any(re.search(term, text) for term in HOMONYMS):
        return "homonym"
    return None


def is_local(article: dict[str, str], text: str) -> bool:
    lead = unicodedata.normalize("NFC", "\n".join((article["title"], article["sapo"])))
    return bool(LOCAL.search(lead)) or len(LOCAL.findall(text)) >= 3


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())[:400]
    return frozenset(tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3)))


class Chosen:
    """The articles chosen so far, to pass over syndicated copies of them."""

    def __init__(self) -> None:
        self.titles: set[str] = set()
        self.grams: list[frozenset[tuple[str, ...]]] = []
        self.rows: list[tuple[str, str]] = []

    def is_copy(self, article: dict[str, str], text: str) -> bool:
        title = " ".join(re.findall(r"\w+", article["title"].lower()))
        if title in self.titles:
            return True
        grams = shingles(text)
        return any(len(grams & other) >= 0.5 * len(grams | other) for other in self.grams if grams and other)

    def add(self, article: dict[str, str], text: str, stratum: str) -> None:
        self.titles.add(" ".join(re.findall(r"\w+", article["title"].lower())))
        self.grams.append(shingles(text))
        self.rows.append((article["id"], stratum))


def homonym_order(pool: list[tuple[dict[str, str], str]], rng: random.Random) -> list[tuple[dict[str, str], str]]:
    """Round robin over the terms, so that rare names are not crowded out by frequent ones."""
    queues = []
    for term in HOMONYMS:
        queue = [item for item in pool if re.search(term, item[1])]
        rng.shuffle(queue)
        queues.append(queue)
    ordered: list[tuple[dict[str, str], str]] = []
    seen: set[str] = set()
    while any(queues):
        for queue in queues:
            while queue:
                item = queue.pop(0)
                if item[0]["id"] not in seen:
                    seen.add(item[0]["id"])
                    ordered.append(item)
                    break
    return ordered


def sample(articles: Iterable[dict[str, str]]) -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    everything = [(article, text_of(article)) for article in articles]
    pools: dict[str, list[tuple[dict[str, str], str]]] = {name: [] for name, _ in QUOTAS}
    for article, text in everything:
        stratum = stratum_of(text)
        if stratum is not None:
            pools[stratum].append((article, text))
    pools["random"] = list(everything)
    pools["local"] = [(article, text) for article, text in everything if is_local(article, text)]
    chosen = Chosen()
    for name, quota in QUOTAS:
        pool = pools[name]
        if name == "homonym":
            pool = homonym_order(pool, rng)
        else:
            pool = list(pool)
            rng.shuffle(pool)
        taken = 0
        picked = {row[0] for row in chosen.rows}
        for article, text in pool:
            if taken == quota:
                break
            if article["id"] in picked or chosen.is_copy(article, text):
                continue
            chosen.add(article, text, name)
            taken += 1
    return chosen.rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", nargs="*", metavar="ID", help="print these articles (all candidates if no id)")
    args = parser.parse_args(argv)
    path = corpus_path()
    if not path.is_file():
        print(f"corpus not found: {path} (set LANTOA_SHARED_DATA)", file=sys.stderr)
        return 2
    articles = list(read_corpus(path))
    rows = sample(articles)
    if args.show is None:
        for article_id, stratum in rows:
            print(f"{article_id}\t{stratum}")
        return 0
    wanted = args.show or [article_id for article_id, _ in rows]
    strata = dict(rows)
    by_id = {article["id"]: article for article in articles}
    for article_id in wanted:
        article = by_id[article_id]
        print(f"=== {article_id} [{strata.get(article_id, '-')}]\n{text_of(article)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
