"""Spike scoring and top terms on constructed series and texts: known spikes are found, quiet series stay quiet."""

import random

import pytest

from lantoa.trends.spikes import robust_score, terms_of, top_terms


def test_a_burst_over_a_steady_baseline_is_a_spike() -> None:
    baseline = [20, 22, 19, 21, 23, 18, 20, 22, 21, 19, 20, 24, 22, 21]
    score = robust_score(60, baseline, min_count=10)
    assert score.is_spike
    assert score.baseline_median == 21
    assert score.score > 3.5


def test_noise_in_poisson_series_raises_no_alarm() -> None:
    generator = random.Random(4)
    alarms = 0
    for _ in range(300):  # 300 series of Poisson(25)-like counts: the current value is drawn like the rest
        values = [sum(generator.random() < 0.25 for _ in range(100)) for _ in range(15)]
        alarms += robust_score(values[0], values[1:], min_count=10).is_spike
    assert alarms <= 3  # at most 1% false alarms


def test_a_small_count_after_silence_is_not_a_spike() -> None:
    assert robust_score(4, [0] * 12, min_count=5).is_spike is False
    assert robust_score(6, [0] * 12, min_count=5).is_spike is True


def test_one_past_burst_in_the_baseline_does_not_hide_the_next() -> None:
    baseline = [10, 11, 9, 80, 10, 12, 10, 9, 11, 10, 10, 12, 9, 11]
    assert robust_score(45, baseline, min_count=10).is_spike


def test_drops_are_not_spikes() -> None:
    score = robust_score(0, [30] * 14, min_count=0)
    assert score.score < 0 and not score.is_spike


@pytest.mark.parametrize("current", [21, 25, 28])
def test_ordinary_days_are_not_spikes(current: int) -> None:
    baseline = [20, 22, 19, 21, 23, 18, 20, 22, 21, 19, 20, 24, 22, 21]
    assert not robust_score(current, baseline, min_count=10).is_spike


def test_terms_skip_stop_words_and_pair_adjacent_words() -> None:
    terms = terms_of("Mưa lớn gây ngập lụt tại xã Phú Bình và các vùng lân cận")
    assert "ngập lụt" in terms and "phú bình" in terms
    assert "và" not in terms and "tại" not in terms and "các" not in terms
    assert not any(term.startswith("tại ") for term in terms)


def test_top_terms_name_what_the_window_is_about() -> None:
    baseline = [f"Hội nghị triển khai nhiệm vụ kinh tế quý {n} của tỉnh Thái Nguyên" for n in range(40)]
    baseline += [f"Thái Nguyên khai trương chợ phiên số {n}" for n in range(40)]
    window = [
        "Ngập lụt nghiêm trọng ở Phú Bình sau mưa lớn",
        "Thái Nguyên: ngập lụt chia cắt nhiều xóm ở Phú Bình",
        "Mưa lớn gây ngap lut o Phu Binh",  # typed without marks: folded with the rest
        "Hội nghị triển khai nhiệm vụ kinh tế của tỉnh Thái Nguyên",
    ]
    terms = top_terms(window, baseline, limit=5)
    shown = [term.term for term in terms]
    assert shown[0] in {"ngập lụt", "phú bình"}
    assert {"ngập lụt", "phú bình"} <= set(shown)
    assert "ngập" not in shown and "lụt" not in shown  # the phrase covers its words
    assert not any("thái nguyên" in term for term in shown)  # usual in the baseline
    assert next(term for term in terms if term.term == "ngập lụt").window == 3


def test_no_terms_without_texts() -> None:
    assert top_terms([], ["một văn bản"]) == []
