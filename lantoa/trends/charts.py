"""PNG charts for documents (the weekly digest): matplotlib's Agg backend, DejaVu Sans (bundled with matplotlib,
full Vietnamese coverage), no display and no global state shared with other threads (one Figure per call, never
pyplot)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext as _

# Colours of the polarity labels, the same as the dashboard's (dashboard.js).
POLARITY_COLOURS = {"neg": "#b4232a", "neu": "#8a96a3", "pos": "#1f7a3d", "": "#d9dee4"}
OTHER_COLOURS = ["#0b5cad", "#a86200", "#6b3fa0", "#2a8c8c", "#c2185b", "#5b6775", "#7a9a01", "#d4a017"]


def daily_bar_chart_png(
    days: Sequence[date],
    series: Mapping[str, Sequence[int]],
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    stacked: bool = True,
    width_inches: float = 7.0,
    height_inches: float = 3.2,
    dpi: int = 150,
) -> bytes:
    """A bar chart of daily counts as PNG bytes, e.g. the last 7 days' items by polarity for the weekly digest.

    ``days``: the days, oldest first (shown dd/mm). ``series``: key -> one count per day, in the same order; keys
    ``neg``/``neu``/``pos`` (and ``""``, unlabelled) get the polarity colours and, without ``labels``, their
    Vietnamese names. ``labels``: key -> legend text (Vietnamese). ``stacked``: stacked bars, else side by side.
    The result starts with the PNG signature; its size is width_inches x height_inches at ``dpi``.
    """
    import matplotlib as mpl

    from lantoa.monitoring.labels import LABEL_NAMES

    names = {**{key: str(value) for key, value in LABEL_NAMES["polarity"].items()}, "": _("Chưa gán nhãn")}
    names.update(labels or {})
    # The figure picks its font up when drawn: the whole drawing happens inside the context.
    with mpl.rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        return _draw(days, series, names, title, stacked, width_inches, height_inches, dpi)


def _draw(
    days: Sequence[date], series: Mapping[str, Sequence[int]], names: Mapping[str, str], title: str, stacked: bool,
    width_inches: float, height_inches: float, dpi: int,
) -> bytes:  # fmt: skip
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(width_inches, height_inches), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(days)))
    keys = list(series)
    width = 0.8 if stacked or not keys else 0.8 / len(keys)
    bottoms = [0.0] * len(days)
    for n, key in enumerate(keys):
        values = [float(v) for v in series[key]]
        colour = POLARITY_COLOURS.get(key) or OTHER_COLOURS[n % len(OTHER_COLOURS)]
        if stacked:
            axes.bar(positions, values, width, bottom=bottoms, label=names.get(key, key), color=colour)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        else:
            shifted = [p - 0.4 + width * (n + 0.5) for p in positions]
            axes.bar(shifted, values, width, label=names.get(key, key), color=colour)
    axes.set_xticks(positions, [day.strftime("%d/%m") for day in days])
    axes.set_ylabel(_("Số tin"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 items
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(title)
    if keys:
        axes.legend(frameon=False, fontsize="small", ncols=min(len(keys), 4), loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def polarity_week_png(last_day: date | None = None, *, title: str | None = None, **filters: str) -> bytes:
    """The 7 days ending ``last_day`` (default: yesterday, local time), relevant items by polarity, as PNG bytes.

    ``filters``: ``dia_ban`` (five-digit commune code) and ``linh_vuc`` (sector), as on the pages.
    """
    from datetime import timedelta

    from lantoa.trends.series import Filters, daily, local_today

    end = last_day or local_today() - timedelta(days=1)
    counts = daily("polarity", end - timedelta(days=6), end, Filters.from_params(filters))
    ordered = {key: counts.items.get(key, [0] * 7) for key in ("neg", "neu", "pos")}
    if "" in counts.items:
        ordered[""] = counts.items[""]
    heading = title if title is not None else _("Tin liên quan theo chiều hướng, 7 ngày")
    return daily_bar_chart_png(counts.periods, ordered, title=heading)
