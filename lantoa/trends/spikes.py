"""Spike detection and the terms that explain a spike. Pure functions (no Django).

A spike is a current window whose count stands out from a baseline window of the same series: the last hour
against the 12 hours before it, the last day against the 14 days before it. The score is robust, so that one past
burst in the baseline does not hide the next: (x - median) / (1.4826 * MAD), with the scale floored at
sqrt(median) (Poisson noise: a series averaging 25 a day moves by ±5 without meaning anything) and at 1 (a baseline
of zeros has MAD 0). A minimum count keeps three items after a quiet night from being an alarm.

Top terms are words and two-word phrases over-represented in the window's titles and leads against the baseline's
(smoothed log-ratio of document frequencies), Vietnamese stop words skipped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from lantoa.vntext.normalize import clean_text, fold

MAD_TO_SIGMA = 1.4826
THRESHOLD = 3.5  # the usual cut-off for robust z-scores (Iglewicz and Hoaglin)
MIN_COUNT_HOUR = 5
MIN_COUNT_DAY = 10
PHRASE_WEIGHT = 1.2


@dataclass(frozen=True)
class Score:
    current: float
    baseline_median: float
    scale: float
    score: float
    is_spike: bool


def robust_score(current: float, baseline: Sequence[float], *, min_count: float, threshold: float = THRESHOLD) -> Score:
    """How unusual ``current`` is against ``baseline``; a spike needs the score over ``threshold`` (upwards only)
    and at least ``min_count``."""
    if not baseline:
        return Score(current, 0.0, 1.0, 0.0, False)
    centre = float(median(baseline))
    mad = float(median(abs(value - centre) for value in baseline))
    scale = max(MAD_TO_SIGMA * mad, math.sqrt(centre), 1.0)
    score = (current - centre) / scale
    return Score(float(current), centre, scale, score, score >= threshold and current >= min_count)


# Function words and the words every news title carries; checked on the lower-cased word with its marks, and on
# the folded form only for text typed without marks (folding would merge "mà" with "mã", "má"...).
STOP_WORDS = frozenset(
    """và của là các những cho với trong đã được có không này một theo tại từ đến về khi để thì mà như sẽ đang bị
    ra lên vào còn cũng nhiều hơn rất sau trước năm ngày tháng giờ người đó nào gì ở nhưng hay hoặc nếu vì do nên
    thế vẫn chỉ mới cùng qua trên dưới lại đây kia ấy họ chúng tôi ta bạn anh chị ông bà em nhau việc sự cái con
    chiếc này nữa đều luôn ngoài giữa bởi tới nhằm thêm đi làm lần số hàng mỗi mọi toàn tất cả rằng vừa phải cần
    muốn thấy biết nói cho biết tin bài báo video ảnh clip xem hôm nay sáng chiều tối""".split()
)
_STOP_FOLDED = frozenset(fold(word) for word in STOP_WORDS)
_WORD = re.compile(r"\w+", re.UNICODE)
_CLAUSE_BREAK = re.compile(r"[^\w\s]+", re.UNICODE)


def _is_stop(word: str) -> bool:
    if word.isdigit() or len(word) < 2:
        return True
    return word in STOP_WORDS if not word.isascii() else word in _STOP_FOLDED


def terms_of(text: str) -> set[str]:
    """The distinct terms of a text: content words and two-word phrases of adjacent content words (Vietnamese
    words are often two syllables: "ngập lụt", "Phú Bình"). Lower-cased, marks kept."""
    found: set[str] = set()
    for clause in _CLAUSE_BREAK.split(clean_text(text).lower()):  # no phrase across "Phú Bình, bản 2"
        previous: str | None = None
        for word in _WORD.findall(clause):
            if _is_stop(word):
                previous = None
                continue
            found.add(word)
            if previous is not None:
                found.add(f"{previous} {word}")
            previous = word
    return found


@dataclass(frozen=True)
class Term:
    term: str
    window: int  # documents in the window that carry it
    baseline: int
    ratio: float


def top_terms(
    window_texts: Iterable[str], baseline_texts: Iterable[str], *, limit: int = 8, min_documents: int = 2
) -> list[Term]:
    """Terms over-represented in the window against the baseline, best first.

    Counts are per document (a term repeated in one text counts once) and compared on folded forms, so that text
    typed without marks matches; the form shown is the window's most common spelling. A phrase drops the single
    words it contains when it ranks above them, so "ngập lụt" does not also list "ngập" and "lụt".
    """
    window_docs = 0
    window_counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text in window_texts:
        window_docs += 1
        for term in terms_of(text):
            key = fold(term)
            window_counts[key] += 1
            spellings.setdefault(key, Counter())[term] += 1
    baseline_docs = 0
    baseline_counts: Counter[str] = Counter()
    for text in baseline_texts:
        baseline_docs += 1
        baseline_counts.update({fold(term) for term in terms_of(text)})
    if not window_docs:
        return []
    scored: list[Term] = []
    for folded, count in window_counts.items():
        if count < min_documents:
            continue
        # Add-one smoothing on document frequencies; weighted by log(count) so frequent terms beat rare flukes.
        window_rate = (count + 0.5) / (window_docs + 1)
        baseline_rate = (baseline_counts[folded] + 0.5) / (baseline_docs + 1)
        ratio = window_rate / baseline_rate
        if ratio <= 1.5:
            continue
        shown = spellings[folded].most_common(1)[0][0]
        # A phrase says more than either of its words ("ngập lụt" against "ngập"): it wins a tie.
        weight = PHRASE_WEIGHT if " " in folded else 1.0
        scored.append(Term(shown, count, baseline_counts[folded], weight * math.log(ratio) * math.log1p(count)))
    scored.sort(key=lambda term: (-term.ratio, term.term))
    chosen: list[Term] = []
    covered: set[str] = set()
    for candidate in scored:
        key = fold(candidate.term)
        if key in covered:
            continue
        chosen.append(candidate)
        covered.add(key)
        if " " in key:
            covered.update(key.split(" "))
        if len(chosen) >= limit:
            break
    return chosen
