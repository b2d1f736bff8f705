"""The heads: what each predicts, what it is trained and scored on, and the run-time classifier.

Heads share one featuriser: a text is featurised once, then every head asked for is one small dot product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from lantoa.vntext.classify import datasets
from lantoa.vntext.classify.features import Features, featurize
from lantoa.vntext.classify.model import MODEL_DIR, LinearHead

# VnExpress sections → the platform's sectors (routing to agencies uses the sector; the map to agencies is data in org).
SECTION_TO_SECTOR = {
    "travel": "culture-sports-tourism", "sport": "culture-sports-tourism", "entertainment": "entertainment-lifestyle",
    "education": "education", "science": "science-technology", "business": "economy", "law": "justice",
    "health": "health",
}  # fmt: skip
SECTORS = (
    "government", "security", "economy", "agriculture-environment", "health", "education", "culture-sports-tourism",
    "transport-construction", "labour-social", "science-technology", "justice", "world", "entertainment-lifestyle",
    "other",
)  # fmt: skip


# Output field → the model that produces it.
HEAD_MODELS = {
    "sentiment": "sentiment", "toxicity": "toxicity", "constructive": "constructive", "sector": "sector",
    "misinfo_risk": "misinfo", "polarity": "polarity",
}  # fmt: skip


@dataclass(frozen=True)
class HeadSpec:
    name: str
    train: Callable[[Path], datasets.Split]
    dev: Callable[[Path], datasets.Split]
    metric: str  # macro_f1 | weighted_f1 | accuracy | f1:<class>
    target: float | None
    baseline: str
    fit: dict[str, Any] = field(default_factory=dict)


HEADS: dict[str, HeadSpec] = {
    "toxicity": HeadSpec(
        "toxicity", partial(datasets.vihsd, split="train"), partial(datasets.vihsd, split="dev"), "macro_f1", 0.67,
        "ViHSD dev; published (test): mBERT 62.70, PhoBERT 61.96, TextCNN 61.11",
        {"c": 8.0, "class_weight": "balanced"},
    ),
    "sentiment": HeadSpec(
        "sentiment", partial(datasets.vsfc, split="train"), partial(datasets.vsfc, split="dev"), "weighted_f1", 0.92,
        "UIT-VSFC dev; published (test): MaxEnt 87.94, Bi-LSTM 92.0", {"c": 32.0},
    ),
    "constructive": HeadSpec(
        "constructive", partial(datasets.victsd, split="train", column="Constructiveness"),
        partial(datasets.victsd, split="dev", column="Constructiveness"), "f1:1", None,
        "ViCTSD valid, constructive class", {"c": 4.0, "class_weight": "balanced"},
    ),
    "toxic": HeadSpec(
        "toxic", partial(datasets.victsd, split="train", column="Toxicity"),
        partial(datasets.victsd, split="dev", column="Toxicity"), "f1:1", 0.60,
        "ViCTSD valid, toxic class; published (test): PhoBERT 59.40", {"c": 4.0, "class_weight": "balanced"},
    ),
    "section": HeadSpec(
        "section", partial(datasets.vnexpress_titles, split="train"), partial(datasets.vnexpress_titles, split="dev"),
        "accuracy", 0.92, "VnExpress headlines, 8 sections, our 1-in-5 dev split",
        {"c": 0.5, "scale": "idf", "model": "svm"},
    ),
    "misinfo": HeadSpec(
        "misinfo", partial(datasets.misinfo, split="train"), partial(datasets.misinfo, split="dev"), "f1:fake", None,
        "vn-news-fake-real-v2 (outlet names stripped) + VFND, our 1-in-5 dev split", {"c": 4.0},
    ),
    "polarity": HeadSpec(
        "polarity", partial(datasets.news_weak, column="polarity"), partial(datasets.news_dev, column="polarity"),
        "macro_f1", None, "our news dev set (333 articles); trained on keyword-rule labels of the 2017 corpus",
        {"c": 2.0, "class_weight": "balanced"},
    ),
    "sector": HeadSpec(
        "sector", partial(datasets.news_weak, column="sector"), partial(datasets.news_dev, column="sector"),
        "accuracy", None, "our news dev set (333 articles, 14 sectors); trained on keyword-rule labels",
        {"c": 2.0, "class_weight": "balanced"},
    ),
}  # fmt: skip


def score(metric: str, truth: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import accuracy_score, f1_score

    if metric == "accuracy":
        return float(accuracy_score(truth, predicted))
    if metric.startswith("f1:"):
        return float(f1_score(truth, predicted, pos_label=metric[3:], average="binary"))
    return float(f1_score(truth, predicted, average=metric.removesuffix("_f1")))


class Classifier:
    """Loads heads lazily, once per process; classifies a text with the heads asked for."""

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        self.directory = directory
        self._heads: dict[str, LinearHead | None] = {}

    def head(self, name: str) -> LinearHead | None:
        if name not in self._heads:
            try:
                self._heads[name] = LinearHead.load(name, self.directory)
            except FileNotFoundError:
                self._heads[name] = None
        return self._heads[name]

    def versions(self, names: Iterable[str]) -> dict[str, str]:
        return {name: head.version for name in names if (head := self.head(name)) is not None}

    def classify(self, text: str, fields: Iterable[str], features: Features | None = None) -> dict[str, Any]:
        """The output fields of ``lantoa analyze`` for the heads in ``fields`` (sentiment, toxicity, constructive,
        sector, misinfo_risk). A head whose model is missing is left out."""
        wanted = set(fields)
        features = features or featurize(text)
        out: dict[str, Any] = {}
        if "sentiment" in wanted and (head := self.head("sentiment")):
            out["sentiment"], out["sentiment_p"] = head.predict(features)
        if "toxicity" in wanted and (head := self.head("toxicity")):
            label, probabilities = head.predict(features)
            out["toxicity"] = label
            out["toxicity_score"] = round(1.0 - probabilities.get("clean", 0.0), 4)
        if "constructive" in wanted and (head := self.head("constructive")):
            probabilities = head.predict_proba(features)
            out["constructive_score"] = probabilities.get("1", 0.0)
            out["constructive"] = out["constructive_score"] >= 0.5
        if "sector" in wanted:
            # The 14-sector head when shipped; else the 8 VnExpress sections mapped onto sectors.
            if head := self.head("sector"):
                out["sector"] = head.predict(features)[0]
            elif head := self.head("section"):
                out["sector"] = SECTION_TO_SECTOR.get(head.predict(features)[0], "other")
        if "polarity" in wanted and (head := self.head("polarity")):
            out["polarity"], out["polarity_p"] = head.predict(features)
        if "misinfo_risk" in wanted and (head := self.head("misinfo")):
            out["misinfo_risk"] = head.predict_proba(features).get("fake", 0.0)
        return out
