"""The CPU stages of the pipeline, free of the database: normalise → places → fingerprint.

``lantoa analyze`` runs only these; ``lantoa ingest`` and the web pipeline run them (in worker processes for
throughput) and then the storing stages (``store.py``). One record in, one :class:`Analysis` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lantoa.org.gazetteer import agencies_for
from lantoa.vntext.classify.features import featurize
from lantoa.vntext.classify.heads import HEAD_MODELS, Classifier
from lantoa.vntext.fingerprint import Fingerprint, content_hash, fingerprint
from lantoa.vntext.legacy import to_unicode
from lantoa.vntext.normalize import clean_text, fold
from lantoa.vntext.places import Gazetteer


@dataclass
class Record:
    """An item as a source gives it, before any normalisation."""

    key: str
    title: str = ""
    lead: str = ""
    body: str = ""
    url: str = ""
    author: str = ""
    published: datetime | None = None
    outlet_name: str = ""
    kind: str = "article"
    external_id: str = ""
    html: str = ""  # the article body as sanitised HTML (extract.py), for display


@dataclass
class Analysis:
    title: str
    lead: str
    body: str
    original: dict[str, str] | None
    encoding: str
    content_hash: str
    fingerprint: Fingerprint | None
    places: list[dict[str, Any]] = field(default_factory=list)
    relevant: bool = False
    place_score: int = 0
    # The folded title, lead and body for the SQLite search index, computed here, in the worker processes.
    folded: tuple[str, str, str] = ("", "", "")
    # The classifier heads' fields (sentiment, toxicity, constructive, sector, misinfo_risk…) and model versions.
    labels: dict[str, Any] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)


def normalise(record: Record) -> tuple[dict[str, str], dict[str, str] | None, str]:
    """Clean title, lead and body: legacy encodings converted, NFC, one tone-mark placement, tidy spaces.
    Returns the clean fields, the originals of the fields that changed (kept beside), and the legacy encoding."""
    clean: dict[str, str] = {}
    original: dict[str, str] = {}
    encoding = ""
    for name in ("title", "lead", "body"):
        raw = getattr(record, name)
        text, detected = to_unicode(raw)
        if detected:
            encoding = detected
        text = clean_text(text)
        clean[name] = text
        if text != raw:
            original[name] = raw
    return clean, (original or None), encoding


HEAD_FIELDS = ("polarity", "sentiment", "toxicity", "constructive", "sector", "misinfo_risk")
_CLASSIFIER: Classifier | None = None


def classifier() -> Classifier:
    """One per process, models loaded on first use."""
    global _CLASSIFIER
    if _CLASSIFIER is None:
        _CLASSIFIER = Classifier()
    return _CLASSIFIER


# The item fields the heads fill, and their value when a head is absent.
ITEM_LABEL_DEFAULTS: dict[str, Any] = {
    "polarity": "", "sentiment": "", "toxicity": "", "toxicity_score": None, "constructive": None,
    "constructive_score": None, "sector": "", "misinfo_risk": None, "agencies": [],
}  # fmt: skip


def item_labels(labels: dict[str, Any]) -> dict[str, Any]:
    """The Item field values for the heads' ``labels`` (storing and relabelling both use this)."""
    return {name: labels.get(name, default) for name, default in ITEM_LABEL_DEFAULTS.items()}


def analyse(record: Record, gazetteer: Gazetteer, heads: tuple[str, ...] = HEAD_FIELDS) -> Analysis:
    clean, original, encoding = normalise(record)
    heading = f"{clean['title']}\n{clean['lead']}"
    full = f"{heading}\n{clean['body']}"
    folded_parts = (fold(clean["title"]), fold(clean["lead"]), fold(clean["body"]))
    folded = " ".join(folded_parts)
    report = gazetteer.report(full, heading_end=len(heading))
    fp = fingerprint(folded, folded=True)
    labels: dict[str, Any] = {}
    models: dict[str, str] = {}
    if heads:
        run = classifier()
        # ``full`` is already clean text: featurise without cleaning it a second time.
        labels = run.classify(full, heads, featurize(full, cleaned=True))
        if "sector" in labels:
            # The bodies responsible for the sector (data in org): whom the item concerns.
            labels["agencies"] = agencies_for(labels["sector"])
        models = run.versions(HEAD_MODELS[name] for name in heads)
    if fp is not None:
        fp.band_keys()  # computed here, in the worker, and carried with the fingerprint
    return Analysis(
        title=clean["title"],
        lead=clean["lead"],
        body=clean["body"],
        original=original,
        encoding=encoding,
        content_hash=content_hash(folded),
        fingerprint=fp,
        places=report.places(),
        relevant=report.relevant,
        place_score=report.score,
        folded=folded_parts,
        labels=labels,
        models=models,
    )


class MemoryStories:
    """Story assignment within one run of ``lantoa analyze``: the same text or a near copy of an earlier line gets
    that line's story id. The same rule as the database matcher (store.StoryMatcher)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.by_hash: dict[str, str] = {}
        self.by_bucket: dict[int, list[int]] = {}
        self.fingerprints: list[Fingerprint] = []
        self.stories: list[str] = []

    def assign(self, own_id: str, analysis: Analysis) -> str:
        story = self.by_hash.get(analysis.content_hash)
        fp = analysis.fingerprint
        if story is None and fp is not None:
            best = self.threshold
            for bucket in fp.band_keys():
                for index in self.by_bucket.get(bucket, ()):
                    similarity = fp.similarity(self.fingerprints[index])
                    if similarity >= best:
                        story, best = self.stories[index], similarity
        story = story or own_id
        self.by_hash.setdefault(analysis.content_hash, story)
        if fp is not None:
            index = len(self.fingerprints)
            self.fingerprints.append(fp)
            self.stories.append(story)
            for bucket in fp.band_keys():
                self.by_bucket.setdefault(bucket, []).append(index)
        return story
