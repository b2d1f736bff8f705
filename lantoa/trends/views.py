"""Trends pages: series by dimension with share of voice, spikes with their terms and stories, forecasts with
their backtest. Read-only; every role that reads the monitoring stream may read them (monitoring.view_item)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.permissions import acting_user, require_perm
from lantoa.monitoring.labels import LABEL_NAMES
from lantoa.org.models import AdministrativeUnit
from lantoa.trends import report, series
from lantoa.trends.series import DIMENSION_LABELS, DIMENSIONS, Filters

PERIODS = (14, 30, 90)
SERIES_SHOWN = 8
FORECAST_SERIES = 6


def filter_context(filters: Filters) -> dict[str, Any]:
    """What trends/_filters.html needs (one query: the communes)."""
    return {
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.as_params().items() if value}),
        "units": AdministrativeUnit.objects.order_by("short_name").only("code", "name", "short_name"),
        "sectors": list(LABEL_NAMES["sector"].items()),
    }


def _dimension(request: HttpRequest) -> str:
    value = request.GET.get("theo", "polarity")
    return value if value in DIMENSIONS else "polarity"


@login_required
def series_view(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_item")
    filters = Filters.from_params(request.GET)
    dimension = _dimension(request)
    raw_days = request.GET.get("khoang", "30")
    days = int(raw_days) if raw_days.isdigit() and int(raw_days) in PERIODS else 30
    last = series.local_today()
    counts = series.daily(dimension, last - timedelta(days=days - 1), last, filters)
    keys = counts.ranked(SERIES_SHOWN)
    rows = [{"key": key, "label": counts.labels.get(key, key), "items": sum(counts.items[key]),
             "stories": sum(counts.stories[key])} for key in counts.ranked()]  # fmt: skip
    start = series.local_midnight(last - timedelta(days=days - 1))
    shares = series.share_of_voice(start, timezone.now(), filters)
    context = {
        **filter_context(filters),
        "dimension": dimension,
        "dimensions": [(key, DIMENSION_LABELS[key]) for key in DIMENSIONS],
        "days": days,
        "periods": PERIODS,
        "rows": rows,
        "totals": {"items": sum(counts.total()), "stories": sum(counts.total("stories"))},
        "shares": shares,
        "chart": report.stacked_payload(counts, keys),
        "share_chart": {
            "labels": [share.label for share in shares],
            "data": [share.items for share in shares],
            "label": _("Số tin"),
        },
    }
    return render(request, "trends/series.html", context)


@login_required
def spikes_view(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_item")
    filters = Filters.from_params(request.GET)
    spikes = report.find_spikes(filters, limit=20, explain=10)
    context = {**filter_context(filters), "spikes": spikes, "now": timezone.now(),
               "hour_baseline": report.HOUR_BASELINE, "day_baseline": report.DAY_BASELINE}  # fmt: skip
    return render(request, "trends/spikes.html", context)


@login_required
def forecast_view(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_item")
    filters = Filters.from_params(request.GET)
    dimension = _dimension(request)
    first, last = report.history_days()
    counts = series.daily(dimension, first, last, filters)
    outlooks = [report.outlook("all", _("Tất cả tin liên quan"), counts.periods, counts.total())]
    for key in counts.ranked(FORECAST_SERIES):
        outlooks.append(report.outlook(key, counts.labels.get(key, key), counts.periods, counts.items[key]))
    charts = report.chart_payload(outlooks)
    entries = [
        {"outlook": entry, "chart": chart, "chart_id": f"du-bao-{n}"}
        for n, (entry, chart) in enumerate(zip(outlooks, charts, strict=True))
    ]
    context = {
        **filter_context(filters),
        "dimension": dimension,
        "dimensions": [(key, DIMENSION_LABELS[key]) for key in DIMENSIONS],
        "entries": entries,
        "first": first,
        "last": last,
    }
    return render(request, "trends/forecast.html", context)
