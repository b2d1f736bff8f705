"""Finding the places of one province in Vietnamese text, and judging whether a text concerns the province.

Pure library: the caller builds a :class:`Gazetteer` from its own registry (names, kinds, official codes).

How it reads text: Vietnamese proper names are capitalised syllable by syllable ("Phú Bình", "Bắc Kạn"), so only
runs of capitalised words are looked up, longest name first. The words just before a run give the administrative
prefix ("xã", "huyện", "TP", "tỉnh"…). What a mention means then depends on how sure we can be that it is *this*
province's place:

- the province's own name and the former province's name count unless they sit in a university or person name;
- a former district counts when prefixed ("huyện Phú Bình") or when no other province has a unit of that name;
- a commune or ward name exists in many provinces (Tân Thành nine times): it counts only with its prefix
  ("xã Tân Thành") *and* when the text also names the province, the former province or one of its former districts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lantoa.vntext.normalize import fold

UPPER = "A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
# A run of capitalised words ("Phú Bình", "UBND Tỉnh Thái Nguyên"); "TP." and "TP.Thái" are split by the prefix rule.
_RUN = re.compile(rf"[{UPPER}][\w]*(?:\.?[ \t]*[{UPPER}][\w]*)*")
_WORD = re.compile(r"[\w]+")
_PREFIX_BEFORE = re.compile(r"(thi tran|thi xa|thanh pho|tp|tx|tt|xa|phuong|huyen|tinh|quan|dac khu)\.?\s*$")
_PREFIX_WORDS = {
    ("thi", "tran"): "thi tran", ("thi", "xa"): "thi xa", ("thanh", "pho"): "thanh pho", ("tp",): "tp",
    ("tx",): "tx", ("xa",): "xa", ("phuong",): "phuong", ("huyen",): "huyen", ("tinh",): "tinh",
}  # fmt: skip
_UNIVERSITY_BEFORE = re.compile(r"(dai hoc|dh|truong|hoc vien|vien|benh vien dai hoc)\s*$")
_SURNAMES = frozenset(
    fold(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh Mai Tạ Lương Hà "
        "Cao Lâm Tô Chu Triệu Hứa Quách Mạc Thân Kiều Lưu Nông Hoàng Ma Lục Đàm Tăng Khổng Văn Thị"
    ).split()
)

STRONG, MEDIUM, WEAK = 3, 2, 1


@dataclass(frozen=True)
class GazetteerEntry:
    """One name of one place. ``kind``: province | former_province | former_district | unit | former_commune |
    agency. ``code``: the entry's own code (official unit code, GSO code of a former unit, agency code); ``units``:
    the current units it stands for (empty for the whole province). ``prefixes``: the administrative prefixes
    (folded: "xa", "phuong", "huyen", "thanh pho", "tp", "thi xa", "tx", "tinh", "thi tran") that fit it.
    ``unique``: no other province has a unit of this name, so it may count without a prefix."""

    name: str
    kind: str
    code: str
    units: tuple[str, ...] = ()
    prefixes: frozenset[str] = frozenset()
    unique: bool = False


@dataclass(frozen=True)
class PlaceMention:
    entry: GazetteerEntry
    start: int
    end: int
    text: str
    prefix: str
    strength: int
    in_heading: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.entry.name,
            "code": self.entry.code,
            "kind": self.entry.kind,
            "units": list(self.entry.units),
            "text": self.text,
            "strength": self.strength,
        }


@dataclass
class PlaceReport:
    mentions: list[PlaceMention] = field(default_factory=list)
    relevant: bool = False
    score: int = 0
    others: int = 0

    def places(self) -> list[dict[str, object]]:
        """One dict per distinct place that counts (strength above WEAK), in order of first mention."""
        seen: set[tuple[str, str]] = set()
        out: list[dict[str, object]] = []
        for mention in self.mentions:
            key = (mention.entry.kind, mention.entry.code)
            if mention.strength > WEAK and key not in seen:
                seen.add(key)
                out.append(mention.as_dict())
        return out


class Gazetteer:
    def __init__(self, entries: Iterable[GazetteerEntry], other_province_names: Iterable[str] = ()) -> None:
        self.by_name: dict[tuple[str, ...], list[GazetteerEntry]] = {}
        self.max_words = 1
        for entry in entries:
            words = tuple(fold(entry.name).split())
            if len(words) < 2 and entry.kind not in {"agency"}:
                continue  # one-syllable names are ordinary words
            self.by_name.setdefault(words, []).append(entry)
            self.max_words = max(self.max_words, len(words))
        # Other provinces' names: a mention among many of them is a list ("Thái Nguyên, Lạng Sơn, Cao Bằng…"), and
        # an article naming other provinces more than ours is about them or about the whole country.
        self.other_provinces = frozenset(tuple(fold(name).split()) for name in other_province_names)
        for words in self.other_provinces:
            if words not in self.by_name and len(words) >= 2:
                self.by_name[words] = [GazetteerEntry(" ".join(words), "other_province", "")]
                self.max_words = max(self.max_words, len(words))

    # --- finding -------------------------------------------------------------------------------------------------
    def find(self, text: str, heading_end: int = 0) -> list[PlaceMention]:
        """Every gazetteer name in ``text``; characters before ``heading_end`` are the title and lead."""
        found: list[PlaceMention] = []
        for run in _RUN.finditer(text):
            run_text = run.group()
            if " " not in run_text and "." not in run_text:
                continue  # one capitalised word: no name of ours is a single syllable
            words = _WORD.findall(fold(run_text))
            if len(words) < 2:
                continue
            prefix_in_run, first = _leading_prefix(words)
            spans: list[tuple[int, int]] | None = None
            index = first
            while index < len(words):
                for length in range(min(self.max_words, len(words) - index), 1, -1):
                    entries = self.by_name.get(tuple(words[index : index + length]))
                    if not entries:
                        continue
                    if spans is None:
                        # Word positions only for runs that hold a name (folding keeps one character per character).
                        spans = [(m.start() + run.start(), m.end() + run.start()) for m in _WORD.finditer(run_text)]
                    start, end = spans[index][0], spans[index + length - 1][1]
                    before = fold(text[max(0, start - 24) : start])
                    prefix = prefix_in_run if index == first and prefix_in_run else _prefix_before(before)
                    inside_name = index > first and not prefix
                    entry = _best_entry(entries, prefix)
                    strength = self._strength(entry, prefix, before, words[first:index], inside_name)
                    found.append(
                        PlaceMention(entry, start, end, text[start:end], prefix, strength, start < heading_end)
                    )
                    index += length - 1
                    break
                index += 1
        return found

    def _strength(
        self,
        entry: GazetteerEntry,
        prefix: str,
        before: str,
        words_before: Sequence[str],
        inside_name: bool,
    ) -> int:
        if entry.kind == "other_province":
            return 0
        if entry.kind in {"province", "former_province"}:
            if _UNIVERSITY_BEFORE.search(before):
                return WEAK  # Đại học Thái Nguyên runs events everywhere
            if inside_name and words_before and words_before[-1] in _SURNAMES | {"van", "thi"}:
                return WEAK  # a person's name: "Nguyễn Thái Nguyên"
            return STRONG
        if entry.kind == "former_district":
            if prefix in entry.prefixes:
                return STRONG
            return MEDIUM if entry.unique and not inside_name else WEAK
        if entry.kind in {"unit", "former_commune"}:
            if prefix in entry.prefixes:
                return MEDIUM if not entry.unique else STRONG - 1
            return WEAK
        return MEDIUM  # agencies named in full

    # --- judging ------------------------------------------------------------------------------------------------------
    def report(self, text: str, heading_end: int = 0) -> PlaceReport:
        mentions = self.find(text, heading_end)
        if not mentions:
            return PlaceReport()
        anchored = any(m.strength >= MEDIUM and m.entry.kind != "unit" and m.entry.kind != "former_commune"
                       for m in mentions)  # fmt: skip
        if not anchored:
            # Without the province or one of its former districts, a commune name could be anywhere.
            mentions = [_weaken(m) if m.entry.kind in {"unit", "former_commune"} else m for m in mentions]
        score = 0
        others = sum(1 for mention in mentions if mention.entry.kind == "other_province")
        ours = sum(1 for mention in mentions if mention.strength > WEAK)
        for mention in mentions:
            if mention.strength <= WEAK:
                continue
            weight = mention.strength * (3 if mention.in_heading else 1)
            if mention.entry.kind == "province" and self._in_list(text, mention):
                weight = 1
            score += weight
        # An article naming other provinces more often than ours is about them, or about the whole country.
        relevant = score >= RELEVANCE_THRESHOLD and ours * OWN_SHARE >= others
        mentions = [mention for mention in mentions if mention.entry.kind != "other_province"]
        return PlaceReport(mentions=mentions, relevant=relevant, score=score, others=others)

    def _in_list(self, text: str, mention: PlaceMention) -> bool:
        """Is the province named among several other provinces ("Thái Nguyên, Bắc Giang, Lạng Sơn…")?"""
        window = fold(text[max(0, mention.start - 80) : mention.end + 80])
        hits = sum(1 for name in self.other_provinces if " ".join(name) in window)
        return hits >= 2


# Tuned on the dev half of tests/data/relevance (see doc/relevance.md); the other half is reported.
RELEVANCE_THRESHOLD = 10
OWN_SHARE = 2.0


def _leading_prefix(words: list[str]) -> tuple[str, int]:
    """An administrative prefix opening a run ("Huyện Phú Bình", "TP Thái Nguyên"): (prefix, words it takes)."""
    for length in (2, 1):
        key = tuple(words[:length])
        if len(words) > length and key in _PREFIX_WORDS:
            return _PREFIX_WORDS[key], length
    return "", 0


def _prefix_before(before: str) -> str:
    match = _PREFIX_BEFORE.search(before)
    if not match:
        return ""
    word = match.group(1)
    return {"tt": "thi tran"}.get(word, word)


def _best_entry(entries: list[GazetteerEntry], prefix: str) -> GazetteerEntry:
    """Among entries sharing a name (Phú Bình: the former district and the current commune), the one whose prefix
    fits; without a prefix, the broader place."""
    if prefix:
        for entry in entries:
            if prefix in entry.prefixes:
                return entry
    order = {"province": 0, "former_province": 1, "former_district": 2, "agency": 3, "unit": 4, "former_commune": 5}
    return min(entries, key=lambda entry: order.get(entry.kind, 9))


def _weaken(mention: PlaceMention) -> PlaceMention:
    return PlaceMention(
        mention.entry, mention.start, mention.end, mention.text, mention.prefix, WEAK, mention.in_heading
    )
