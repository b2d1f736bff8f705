"""Seven-day forecasts of daily counts, and an honest backtest of them against the naive seasonal forecast.

Pure functions over lists of numbers (no Django). The model is Holt-Winters exponential smoothing from statsmodels:
additive damped trend, plus additive weekly seasonality once there are four weeks of history (fewer weeks give
seasonal indices fitted to two or three values each, which forecast worse than no seasonality). The forecast band
is the 10th-90th percentile of 300 simulated futures of the fitted model (the model's own error, not a guess).

The backtest is a rolling origin: at each of the last ``origins`` weekly cut-offs, fit on everything before the
cut-off, forecast the next ``horizon`` days, and compare with what happened; the naive seasonal forecast (the value
seven days earlier) is scored on the same days. MASE scales the error by the mean absolute seven-day difference of
the training data, so that 1.0 means "as good as the naive seasonal forecast is in sample".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

HORIZON = 7
SEASON = 7
# Below this many days the seasonal indices are too noisy to help; below MIN_TREND even a trend is a guess.
MIN_SEASONAL = 28
MIN_TREND = 10
BAND_SIMULATIONS = 300
BAND_QUANTILES = (0.1, 0.9)


@dataclass(frozen=True)
class Forecast:
    mean: list[float]
    lower: list[float]
    upper: list[float]
    method: str  # "holt-winters", "holt", "mean": what the history allowed


@dataclass(frozen=True)
class Backtest:
    origins: int
    horizon: int
    model_mae: float
    naive_mae: float
    model_mase: float
    naive_mase: float

    @property
    def improvement(self) -> float:
        """How much lower the model's MAE is than the naive one's, in per cent (negative: the model is worse)."""
        if self.naive_mae == 0:
            return 0.0 if self.model_mae == 0 else -100.0
        return 100.0 * (self.naive_mae - self.model_mae) / self.naive_mae

    @property
    def margin(self) -> float:
        """The improvement without its sign, for sentences that say "better by" or "worse by"."""
        return abs(self.improvement)

    @property
    def beats_naive(self) -> bool:
        return self.model_mae < self.naive_mae


def _fit(history: np.ndarray, horizon: int, band: bool) -> Forecast:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    n = len(history)
    if n < MIN_TREND or not history.any():
        return _flat(history, horizon)
    seasonal = n >= MIN_SEASONAL
    with warnings.catch_warnings():
        # statsmodels warns about convergence on short or flat series; the backtest, not the warning, judges.
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(
            history, trend="add", damped_trend=True, seasonal="add" if seasonal else None,
            seasonal_periods=SEASON if seasonal else None, initialization_method="estimated",
        )  # fmt: skip
        # least_squares without the brute-force start grid: the same forecasts here, 10-15x faster (see bench).
        fitted = model.fit(method="least_squares", use_brute=False)
        mean = np.clip(np.asarray(fitted.forecast(horizon), dtype=float), 0.0, None)
        if band:
            paths = np.asarray(
                fitted.simulate(horizon, repetitions=BAND_SIMULATIONS, error="add", random_state=7), dtype=float
            ).reshape(horizon, -1)
            lower = np.clip(np.quantile(paths, BAND_QUANTILES[0], axis=1), 0.0, None)
            upper = np.clip(np.quantile(paths, BAND_QUANTILES[1], axis=1), 0.0, None)
        else:
            lower = upper = mean
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        return _flat(history, horizon)  # a degenerate fit: the recent mean rather than nonsense
    return Forecast(
        [float(v) for v in mean],
        [float(v) for v in np.minimum(lower, mean)],
        [float(v) for v in np.maximum(upper, mean)],
        "holt-winters" if seasonal else "holt",
    )


def _flat(history: np.ndarray, horizon: int) -> Forecast:
    """The last week's mean, with a band of ±1.28 standard deviations of the last four weeks (80% if normal)."""
    level = float(history[-SEASON:].mean()) if len(history) else 0.0
    spread = float(history[-4 * SEASON :].std()) if len(history) > 1 else 0.0
    return Forecast([level] * horizon, [max(0.0, level - 1.28 * spread)] * horizon,
                    [level + 1.28 * spread] * horizon, "mean")  # fmt: skip


@lru_cache(maxsize=512)
def _cached(history: tuple[float, ...], horizon: int, band: bool) -> Forecast:
    # Pages ask for the same series again and again within a day; the fit is deterministic, so keep it.
    return _fit(np.asarray(history, dtype=float), horizon, band)


def forecast(history: Sequence[float], horizon: int = HORIZON) -> Forecast:
    """The next ``horizon`` days after ``history`` (daily counts, oldest first), with an 80% band."""
    return _cached(tuple(float(v) for v in history), horizon, True)


def naive_seasonal(history: Sequence[float], horizon: int = HORIZON) -> list[float]:
    """The value seven days earlier (repeating the last week); the last value when there is less than a week."""
    if not history:
        return [0.0] * horizon
    if len(history) < SEASON:
        return [float(history[-1])] * horizon
    week = [float(v) for v in history[-SEASON:]]
    return [week[h % SEASON] for h in range(horizon)]


def _scale(training: Sequence[float]) -> float:
    diffs = [abs(training[i] - training[i - SEASON]) for i in range(SEASON, len(training))]
    if not diffs:
        diffs = [abs(training[i] - training[i - 1]) for i in range(1, len(training))]
    scale = sum(diffs) / len(diffs) if diffs else 0.0
    return scale if scale > 0 else 1.0  # a flat history: errors are then read as counts


def backtest(history: Sequence[float], horizon: int = HORIZON, origins: int = 4, step: int = SEASON) -> Backtest | None:
    """Rolling-origin evaluation over the last ``origins`` cut-offs, ``step`` days apart; ``None`` when the history
    is too short to leave at least two weeks of training before the first cut-off."""
    values = [float(v) for v in history]
    cutoffs = [len(values) - horizon - k * step for k in range(origins)]
    cutoffs = sorted(c for c in cutoffs if c >= 2 * SEASON)
    if not cutoffs:
        return None
    model_errors: list[float] = []
    naive_errors: list[float] = []
    model_scaled: list[float] = []
    naive_scaled: list[float] = []
    for cut in cutoffs:
        training, actual = values[:cut], values[cut : cut + horizon]
        predicted = _cached(tuple(training), horizon, False).mean
        naive = naive_seasonal(training, horizon)
        scale = _scale(training)
        for truth, guess, baseline in zip(actual, predicted, naive, strict=False):
            model_errors.append(abs(truth - guess))
            naive_errors.append(abs(truth - baseline))
            model_scaled.append(abs(truth - guess) / scale)
            naive_scaled.append(abs(truth - baseline) / scale)
    result = Backtest(
        origins=len(cutoffs), horizon=horizon,
        model_mae=_mean(model_errors), naive_mae=_mean(naive_errors),
        model_mase=_mean(model_scaled), naive_mase=_mean(naive_scaled),
    )  # fmt: skip
    return result


def _mean(values: list[float]) -> float:
    value = sum(values) / len(values) if values else 0.0
    return value if math.isfinite(value) else 0.0
