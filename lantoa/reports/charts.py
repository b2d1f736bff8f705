"""The report's monthly chart: stacked bars of relevant items per month by polarity, as PNG (matplotlib Agg, one
Figure per call, no pyplot; the fonts and colours of ``lantoa.trends.charts``)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence


def monthly_bar_chart_png(
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    names: Mapping[str, str],
    title: str = "",
    width_inches: float = 6.3,
    height_inches: float = 3.0,
    dpi: int = 150,
) -> bytes:
    """``labels``: one per month ("07/2026"); ``series``: key -> one count per month, stacked in key order."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from lantoa.trends.charts import OTHER_COLOURS, POLARITY_COLOURS

    with mpl.rc_context({"font.family": "DejaVu Sans"}):
        figure = Figure(figsize=(width_inches, height_inches), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        for n, (key, counts) in enumerate(series.items()):
            values = [float(value) for value in counts]
            colour = POLARITY_COLOURS.get(key) or OTHER_COLOURS[n % len(OTHER_COLOURS)]
            axes.bar(positions, values, 0.7, bottom=bottoms, label=names.get(key, key), color=colour)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        axes.set_xticks(positions, list(labels))
        axes.set_ylabel("Số tin, bài")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        if title:
            axes.set_title(title)
        axes.legend(frameon=False, fontsize="small", ncols=min(len(series), 4), loc="upper left")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
