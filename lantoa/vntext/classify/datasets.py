"""Readers of the shared training data (../shared/data; see each folder's SOURCE.md). Each returns (texts, labels)."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

Split = tuple[list[str], list[str]]
VIHSD_LABELS = {"0": "clean", "1": "offensive", "2": "hate"}
VSFC_LABELS = {"0": "neg", "1": "neu", "2": "pos"}
# VnExpress sections → our sectors (travel and sport are both culture-sports-tourism: the 8-section score is
# measured on the sections themselves).
VNEXPRESS_SECTIONS = {
    "DU_LICH": "travel", "GIAI_TRI": "entertainment", "GIAO_DUC": "education", "KHOA_HOC": "science",
    "KINH_DOANH": "business", "PHAP_LUAT": "law", "SUC_KHOE": "health", "THE_THAO": "sport",
}  # fmt: skip


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def vihsd(root: Path, split: str) -> Split:
    rows = _csv_rows(root / "toxicity" / "vihsd" / f"{split}.csv")
    return [row["free_text"] for row in rows], [VIHSD_LABELS[row["label_id"]] for row in rows]


def victsd(root: Path, split: str, column: str) -> Split:
    name = {"train": "ViCTSD_train.csv", "dev": "ViCTSD_valid.csv"}[split]
    rows = _csv_rows(root / "toxicity" / "victsd" / name)
    return [row["Comment"] for row in rows], [row[column] for row in rows]


def vsfc(root: Path, split: str) -> Split:
    folder = root / "sentiment" / "uit-vsfc" / split
    texts = (folder / "sents.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / "sentiments.txt").read_text(encoding="utf-8").splitlines()
    return texts, [VSFC_LABELS[label.strip()] for label in labels]


def aivivn(root: Path) -> Split:
    data = (root / "sentiment" / "aivivn-2019" / "train.crash").read_text(encoding="utf-8")
    pairs = re.findall(r"(train_\d+)\n\"(.*?)\"\n([01])\n", data, flags=re.DOTALL)
    return [text for _, text, _ in pairs], ["pos" if label == "0" else "neg" for _, _, label in pairs]


def in_dev(text: str, share: int = 5) -> bool:
    """A deterministic 1-in-``share`` dev split for sets published without one."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % share == 0  # noqa: S324 - a split, not security


def vnexpress_titles(root: Path, split: str) -> Split:
    texts, labels = [], []
    for file, label in VNEXPRESS_SECTIONS.items():
        for line in (root / "topic" / "vnexpress-titles" / f"{file}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and in_dev(line.strip()) == (split == "dev"):
                texts.append(line.strip())
                labels.append(label)
    return texts, labels


def _strip_trailing_sources(texts: list[str], minimum: int = 5) -> list[str]:
    """vn-news-fake-real-v2 ends many real items with the outlet's name ("… vnexpress"), which leaks the label:
    drop any last word that ends at least ``minimum`` texts."""
    from collections import Counter

    last_words = Counter(text.split()[-1] for text in texts if text.split())
    frequent = {word for word, count in last_words.items() if count >= minimum and not word.isdigit()}
    stripped = []
    for text in texts:
        words = text.split()
        while words and words[-1] in frequent:
            words.pop()
        stripped.append(" ".join(words))
    return stripped


def misinfo(root: Path, split: str) -> Split:
    """vn-news-fake-real-v2 (trailing outlet names stripped) plus VFND's article CSV; dev: the in_dev() fifth."""
    texts, labels = [], []
    rows = _csv_rows(root / "misinfo" / "vn-news-fake-real-v2" / "train_data.csv")
    cleaned = _strip_trailing_sources([row["content"] for row in rows])
    for text, row in zip(cleaned, rows, strict=True):
        texts.append(text)
        labels.append("fake" if row["label"].strip() == "1" else "real")
    for row in _csv_rows(root / "misinfo" / "vfnd" / "CSV" / "vn_news_226_tlfr.csv"):
        texts.append(row["text"])
        labels.append("fake" if row["label"].strip() == "1" else "real")
    keep = [in_dev(text) == (split == "dev") for text in texts]
    return [t for t, k in zip(texts, keep, strict=True) if k], [lab for lab, k in zip(labels, keep, strict=True) if k]


NEWS_LABELS = Path(__file__).resolve().parents[3] / "tests" / "data" / "news-labels" / "labels.jsonl"


def _news_text(record: dict[str, str]) -> str:
    return f"{record.get('title', '')}\n{record.get('sapo', '')}\n{record.get('body', '')}"


def news_dev(root: Path, column: str) -> Split:
    """Our hand-labelled news dev set (tests/data/news-labels): the texts come from the shared corpus by id."""
    import json
    import lzma

    labels = {}
    for line in NEWS_LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[str(row["id"])] = row[column]
    texts, out = [], []
    with lzma.open(root / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if str(record["id"]) in labels:
                texts.append(_news_text(record))
                out.append(labels[str(record["id"])])
    return texts, out


def news_weak(root: Path, column: str, limit: int = 20000) -> Split:
    """The shared news corpus labelled by the keyword rules of weak.py (abstentions and dev articles left out)."""
    import json
    import lzma

    from lantoa.vntext.classify.weak import weak_polarity, weak_sector

    rule = weak_polarity if column == "polarity" else weak_sector
    held_out = {str(json.loads(line)["id"]) for line in NEWS_LABELS.read_text(encoding="utf-8").splitlines() if line}
    texts, labels = [], []
    with lzma.open(root / "news" / "baomoi-2017.jsonl.xz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if str(record["id"]) in held_out:
                continue
            label = rule(record.get("title", ""), record.get("sapo", ""), record.get("body", ""))
            if label is not None:
                texts.append(_news_text(record))
                labels.append(label)
                if len(texts) >= limit:
                    break
    return texts, labels
