"""The classifier heads on hostile input, and the model file round trip (the shipped models are used as they are)."""

from pathlib import Path

import numpy as np
import pytest

from lantoa.vntext.classify.features import MAX_CHARS, featurize, prepare
from lantoa.vntext.classify.heads import HEAD_MODELS, Classifier
from lantoa.vntext.classify.model import LinearHead

ALL = tuple(HEAD_MODELS)
HOSTILE = {
    "empty": "",
    "only emoji": "😡😡😡🤬👎",
    "one megabyte": "Thái Nguyên " * 90_000,
    "mixed scripts": "Tin nóng 速報 новости خبر عاجل Thái Nguyên",
    "no diacritics": "khong dau nhung van doc duoc, that la tot qua",
    "html remnants": "<p>Bài viết <b>hay</b></p><script>alert(1)</script>&nbsp;&amp;",
    "control characters": "a\x00b\x07c\u200b\ufeffd",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_it_answers_every_head_for_hostile_input(text: str) -> None:
    out = Classifier().classify(text, ALL)
    assert out["sentiment"] in {"neg", "neu", "pos"}
    assert abs(sum(out["sentiment_p"].values()) - 1.0) < 0.01
    assert out["toxicity"] in {"clean", "offensive", "hate"}
    assert 0.0 <= out["toxicity_score"] <= 1.0
    assert isinstance(out["constructive"], bool)
    assert out["sector"] in {
        "government", "security", "economy", "agriculture-environment", "health", "education",
        "culture-sports-tourism", "transport-construction", "labour-social", "science-technology", "justice", "world",
        "entertainment-lifestyle", "other",
    }  # fmt: skip
    assert 0.0 <= out["misinfo_risk"] <= 1.0


def test_long_texts_are_cut_before_the_work() -> None:
    assert len(prepare("chữ " * 1_000_000)) <= MAX_CHARS + 10


def test_it_reads_shorthand_and_text_without_diacritics_alike() -> None:
    assert prepare("ko dc j") == "không được gì"
    with_marks = set(featurize("không được").indices.tolist())
    without = set(featurize("khong duoc").indices.tolist())
    assert with_marks & without  # the folded features are shared


def test_a_missing_model_leaves_its_field_out(tmp_path: Path) -> None:
    assert Classifier(tmp_path).classify("xin chào", ALL) == {}


def test_a_model_survives_a_save_and_load(tmp_path: Path) -> None:
    head = Classifier().head("toxicity")
    assert head is not None
    path = head.save(tmp_path)
    again = LinearHead.load("toxicity", tmp_path)
    assert path.stat().st_size < 5_000_000
    assert again.version == head.version and again.classes == head.classes
    features = featurize("đồ ngu")
    assert np.allclose(again.logits(features), head.logits(features))


def test_a_model_for_another_feature_space_is_refused(tmp_path: Path) -> None:
    LinearHead("small", ["a", "b"], np.zeros((16, 2), dtype=np.float16), np.zeros(2, np.float32), "v").save(tmp_path)
    with pytest.raises(ValueError, match="buckets"):
        LinearHead.load("small", tmp_path)


def test_featurising_clean_text_skips_no_feature() -> None:
    from lantoa.vntext.normalize import clean_text

    raw = "  Thái  Nguyên:\u00a0hoà   bình, thuỷ điện…\n\n\nko dc  "
    assert prepare(clean_text(raw), cleaned=True) == prepare(raw)
    assert np.array_equal(featurize(clean_text(raw), cleaned=True).indices, featurize(raw).indices)
