"""The figures of a periodic report, one function per source, each returning plain JSON-safe dicts (numbers, names,
ISO dates; never model instances) and each working on an empty database. ``gather`` assembles them all: it is what
a draft stores as its snapshot and what the command renders. What each figure counts is written in doc/reports.md;
keep the two in step.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from lantoa.reports.periods import Period, local_midnight, month_end

TOP_SECTORS = 5
POLARITIES = ("pos", "neu", "neg", "")


def gather(period: Period, today: date | None = None) -> dict[str, Any]:
    """Every figure of the report for ``period``; ``today`` (default: the local date) is the "as of" day of the
    figures that depend on it (open requests, late tasks, the registry)."""
    today = today or timezone.localdate()
    return {
        "period": {"kind": period.kind, "year": period.year, "quarter": period.quarter,
                   "first_day": period.first_day.isoformat(), "last_day": period.last_day.isoformat()},
        "as_of": today.isoformat(),
        "taken_at": timezone.now().isoformat(),
        "monitoring": monitoring(period),
        "digests": digests(period),
        "press": press_requests(period, today),
        "spokespersons": spokespersons(today),
        "consultation": consultation(period),
        "campaigns": campaigns(period),
        "tasks": tasks(period, today),
        "training": training(period),
        "briefings": briefings(period, today),
    }  # fmt: skip


# --- monitoring ----------------------------------------------------------------------------------------------------
def counted_items(start_day: date, end_day: date) -> QuerySet[Any]:
    """Relevant items, neither pending nor quarantined, published in [start_day, end_day) local time (collection
    time when the outlet gave none) — the trends pages' definition (``lantoa.trends.series``)."""
    from lantoa.monitoring.models import Item, ItemStatus

    start, end = local_midnight(start_day), local_midnight(end_day)
    return (
        Item.objects.filter(relevant=True)
        .exclude(status__in=[ItemStatus.PENDING, ItemStatus.QUARANTINED])
        .filter(
            Q(published_at__gte=start, published_at__lt=end)
            | Q(published_at__isnull=True, ingested_at__gte=start, ingested_at__lt=end)
        )
    )


def monitoring(period: Period) -> dict[str, Any]:
    from lantoa.monitoring.labels import LABEL_NAMES
    from lantoa.monitoring.models import Story

    months: list[dict[str, Any]] = []
    for first in period.months:
        items = counted_items(first, month_end(first))
        by_polarity = {key: 0 for key in POLARITIES}
        for row in items.values("polarity").annotate(n=Count("id")).order_by():
            key = row["polarity"] if row["polarity"] in by_polarity else ""
            by_polarity[key] += row["n"]
        stories = Story.objects.filter(
            relevant=True,
            first_published_at__gte=local_midnight(first),
            first_published_at__lt=local_midnight(month_end(first)),
        ).count()
        months.append({"month": first.isoformat(), "items": sum(by_polarity.values()), "stories": stories,
                       **by_polarity})  # fmt: skip
    sectors = {
        row["sector"]: row["n"]
        for row in counted_items(period.first_day, period.end_day).values("sector").annotate(n=Count("id")).order_by()
    }
    names = LABEL_NAMES["sector"]
    ranked = sorted(((key, n) for key, n in sectors.items() if key), key=lambda pair: (-pair[1], pair[0]))
    top = [{"key": key, "name": str(names.get(key, key)), "items": n} for key, n in ranked[:TOP_SECTORS]]
    total = sum(month["items"] for month in months)
    return {
        "months": months,
        "totals": {key: sum(month[key] for month in months) for key in ("items", "stories", *POLARITIES)},
        "top_sectors": top,
        "other_sectors": total - sum(row["items"] for row in top),
    }


# --- digests -------------------------------------------------------------------------------------------------------
def digests(period: Period) -> dict[str, Any]:
    from lantoa.digests.models import Digest, DigestStatus

    issued = Digest.objects.filter(status=DigestStatus.ISSUED, day__gte=period.first_day, day__lte=period.last_day)
    counts = {row["period"]: row["n"] for row in issued.values("period").annotate(n=Count("id")).order_by()}
    daily, weekly = counts.get("day", 0), counts.get("week", 0)
    return {"daily": daily, "weekly": weekly, "total": daily + weekly}


# --- press requests (Press Law art. 43) ----------------------------------------------------------------------------
UNASSIGNED = "(Chưa giao cơ quan chủ trì)"


def _rate(on_time: int, answered: int) -> float | None:
    return round(100 * on_time / answered, 1) if answered else None


def press_requests(period: Period, today: date) -> dict[str, Any]:
    """Requests received in the period; answered (answered or closed, with an answer date), on time (answered on or
    before the legal deadline), still open as of ``today``. The same definitions as ``lantoa.press.reports``."""
    from lantoa.press.models import DONE_STATUSES, OPEN_STATUSES, PressRequest

    requests = PressRequest.objects.filter(received_on__gte=period.first_day, received_on__lte=period.last_day)
    answered = Q(status__in=DONE_STATUSES, answered_on__isnull=False)
    rows = (
        requests.values("organisation__name")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=answered),
            punctual=Count("id", filter=answered & Q(answered_on__lte=F("legal_deadline"))),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, legal_deadline__lt=today)),
        )
        .order_by()
    )
    keys = ("received", "answered", "on_time", "open", "overdue")
    organisations = []
    total = dict.fromkeys(keys, 0)
    for row in rows:
        row["on_time"] = row.pop("punctual")
        shaped = {"name": row["organisation__name"] or UNASSIGNED, **{key: row[key] for key in keys}}
        shaped["rate"] = _rate(shaped["on_time"], shaped["answered"])
        organisations.append(shaped)
        for key in keys:
            total[key] += row[key]
    organisations.sort(key=lambda row: (-row["received"], row["name"]))
    return {"total": {**total, "rate": _rate(total["on_time"], total["answered"])}, "organisations": organisations}


# --- spokesperson registry (Decree 09/2017) ------------------------------------------------------------------------
def spokespersons(today: date) -> dict[str, Any]:
    """The registry as it stands (it keeps no history): per kind (departments, communes/wards), the active
    organisations, those with a spokesperson, those without, and those whose spokesperson's data is out of date."""
    from lantoa.org import registry
    from lantoa.org.models import Organisation

    kinds = []
    for row in registry.coverage(registry.entries(Organisation.objects.all(), today)):
        kinds.append({
            "kind": row.kind, "label": row.label, "total": row.total, "with": row.with_spokesperson,
            "missing": len(row.missing), "stale": len(row.stale), "percent": row.percent,
            "missing_names": [entry.organisation.name for entry in row.missing],
            "stale_names": [entry.organisation.name for entry in row.stale],
        })  # fmt: skip
    return {"kinds": kinds}


# --- public consultation on drafts ---------------------------------------------------------------------------------
def consultation(period: Period) -> dict[str, Any]:
    from lantoa.consultation.models import Comment, Consultation, Moderation, Response, SynthesisGroup

    start, end = period.start, period.end
    reported = Consultation.objects.filter(reported_at__gte=start, reported_at__lt=end)
    groups = SynthesisGroup.objects.filter(consultation__in=reported)
    by_response = {row["response"]: row["n"] for row in groups.values("response").annotate(n=Count("id")).order_by()}
    return {
        "opened": Consultation.objects.filter(published_at__gte=start, published_at__lt=end).count(),
        "closed": Consultation.objects.filter(closed_at__gte=start, closed_at__lt=end).count(),
        "comments": Comment.objects.filter(
            verified_at__gte=start, verified_at__lt=end, withdrawn_at__isnull=True,
            moderation__in=[Moderation.UNREVIEWED, Moderation.APPROVED],
        ).count(),
        "reported": reported.count(),
        "accepted": by_response.get(Response.ACCEPTED, 0),
        "explained": by_response.get(Response.EXPLAINED, 0),
    }  # fmt: skip


# --- campaigns -----------------------------------------------------------------------------------------------------
REACH = ("views", "likes", "shares", "listeners", "copies", "attendees")
OUTPUT_KINDS = ("radio_wav", "radio_script", "led_png", "leaflet_pdf")


def campaigns(period: Period) -> dict[str, Any]:
    from lantoa.campaigns.channels import Channel
    from lantoa.campaigns.models import Campaign, ContentItem, Output, PublicationRecord, PublicationStatus

    start, end = period.start, period.end
    records = PublicationRecord.objects.filter(
        status=PublicationStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
    )
    channels = []
    for row in (
        records.values("channel")
        .annotate(records=Count("id"), items=Count("item_id", distinct=True), **{n: Sum(n) for n in REACH})
        .order_by("channel")
    ):
        label = str(Channel(row["channel"]).label) if row["channel"] in Channel.values else row["channel"]
        channels.append({"channel": row["channel"], "label": label, "records": row["records"], "items": row["items"],
                         **{name: int(row[name] or 0) for name in REACH}})  # fmt: skip
    outputs = {row["kind"]: row["n"] for row in Output.objects.filter(created_at__gte=start, created_at__lt=end)
               .values("kind").annotate(n=Count("id")).order_by()}  # fmt: skip
    return {
        "running": Campaign.objects.filter(starts_on__lte=period.last_day, ends_on__gte=period.first_day).count(),
        "items_published": ContentItem.objects.filter(published_at__gte=start, published_at__lt=end).count(),
        "channels": channels,
        "totals": {
            "records": sum(row["records"] for row in channels),
            **{name: sum(row[name] for row in channels) for name in REACH},
        },
        "outputs": {kind: outputs.get(kind, 0) for kind in OUTPUT_KINDS},
    }


# --- plan tasks and training ---------------------------------------------------------------------------------------
TASK_KEYS = ("due", "done", "done_on_time", "done_late", "late", "in_progress", "not_started")


def tasks(period: Period, today: date) -> dict[str, Any]:
    """``lantoa.plans.summaries.task_summary`` of the year's plan for the period, reduced to the counts shown."""
    from lantoa.plans.summaries import task_summary

    summary = task_summary(period.year, period.quarter or None, today=today)
    return {
        "totals": {key: summary["totals"][key] for key in TASK_KEYS},
        "figures": summary["totals"]["figures"],
        "organisations": [
            {"name": row["name"], "kind": row["kind"], **{key: row[key] for key in TASK_KEYS}}
            for row in summary["by_organisation"]
        ],
    }


def training(period: Period) -> dict[str, Any]:
    """Training sessions dated in the period; the definitions of ``lantoa.plans.summaries.training_summary``
    (a session counts as held once someone is marked present), for a quarter as well as a year."""
    from lantoa.plans.models import Attendance, TrainingAttendee, TrainingSession

    sessions = TrainingSession.objects.filter(held_on__gte=period.first_day, held_on__lte=period.last_day)
    attendees = TrainingAttendee.objects.filter(session__in=sessions)
    present = attendees.filter(attendance=Attendance.PRESENT)
    return {
        "sessions_held": sessions.filter(attendees__attendance=Attendance.PRESENT).distinct().count(),
        "attendances": present.count(),
        "people_trained": present.values("person_id").distinct().count(),
        "absent": attendees.filter(attendance=Attendance.ABSENT).count(),
    }


# --- briefings and press conferences -------------------------------------------------------------------------------
def briefings(period: Period, today: date) -> dict[str, Any]:
    """Held (status "held") in the period. The provincial People's Committee owes one press conference a quarter
    (Decree 09/2017 art. 5): ``conferences_due`` counts the quarters of the period that have begun by ``today``."""
    from lantoa.briefings.models import Briefing, BriefingKind, BriefingStatus
    from lantoa.briefings.schedule import HELD, quarters
    from lantoa.org.models import OrganisationKind

    held = Briefing.objects.filter(status=BriefingStatus.HELD, starts_at__gte=period.start, starts_at__lt=period.end)
    province = Q(host__kind=OrganisationKind.PROVINCE)
    now = local_midnight(today + timedelta(days=1))  # the end of ``today``
    wanted = [q for q in quarters(period.year, now=now) if q.number in period.quarters and q.start < now]
    return {
        "briefings": held.filter(kind=BriefingKind.BRIEFING).count(),
        "conferences_province": held.filter(province, kind=BriefingKind.CONFERENCE).count(),
        "conferences_other": held.filter(~province, kind=BriefingKind.CONFERENCE).count(),
        "conferences_due": len(wanted),
        "quarters_without": [q.label for q in wanted if q.state != HELD],
    }
