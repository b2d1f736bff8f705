"""Forecasts and their backtest on constructed series: numbers finite, horizon 7, the model beats the naive
seasonal forecast where it should."""

import math
import random

from lantoa.trends.forecast import backtest, forecast, naive_seasonal


def seasonal_with_trend(days: int, noise: float = 2.0, seed: int = 1) -> list[float]:
    generator = random.Random(seed)
    weekly = [8, 12, 14, 13, 10, -20, -25]  # quiet weekends, as the press is
    return [max(0.0, 60 + 0.6 * t + weekly[t % 7] + generator.gauss(0, noise)) for t in range(days)]


def test_the_forecast_has_seven_finite_days_inside_its_band() -> None:
    result = forecast(seasonal_with_trend(84))
    assert result.method == "holt-winters"
    assert len(result.mean) == len(result.lower) == len(result.upper) == 7
    for low, mean, high in zip(result.lower, result.mean, result.upper, strict=True):
        assert all(math.isfinite(v) for v in (low, mean, high))
        assert 0 <= low <= mean <= high


def test_the_forecast_follows_the_weekly_shape() -> None:
    history = seasonal_with_trend(84)  # day 84 is a weekday-0, days 89 and 90 the weekend
    result = forecast(history)
    assert result.mean[5] < result.mean[2] - 20 and result.mean[6] < result.mean[2] - 20
    assert abs(result.mean[0] - (60 + 0.6 * 84 + 8)) < 8


def test_the_model_beats_naive_on_a_clean_seasonal_trend() -> None:
    result = backtest(seasonal_with_trend(84), origins=4)
    assert result is not None
    assert result.origins == 4 and result.horizon == 7
    assert all(math.isfinite(v) for v in (result.model_mae, result.naive_mae, result.model_mase, result.naive_mase))
    # A trend of 0.6/day makes "seven days earlier" ~4.2 short every day; the model carries the trend.
    assert result.beats_naive and result.improvement > 20
    assert result.model_mase < 1 < result.naive_mase + 0.5


def test_short_and_empty_histories_still_forecast() -> None:
    assert forecast([]).mean == [0.0] * 7
    short = forecast([3, 4, 5])
    assert short.method == "mean" and len(short.mean) == 7
    assert forecast([0] * 40).mean == [0.0] * 7
    assert backtest([1, 2, 3] * 4) is None
    assert forecast(seasonal_with_trend(20)).method == "holt"


def test_the_naive_seasonal_forecast_repeats_last_week() -> None:
    assert naive_seasonal(list(range(14))) == [7, 8, 9, 10, 11, 12, 13]
    assert naive_seasonal([5, 6]) == [6, 6, 6, 6, 6, 6, 6]


def test_pure_noise_is_reported_honestly() -> None:
    generator = random.Random(9)
    result = backtest([float(generator.randint(20, 40)) for _ in range(84)])
    assert result is not None
    assert math.isfinite(result.improvement)  # whatever it is, it is a number the page can show
