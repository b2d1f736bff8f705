"""Report workflow: draft (figures taken now and stored) → edited (texts; figures refreshed on demand) → issued
(numbered in the year of issue, figures frozen). ``check_*`` authorises, ``do_*`` changes and audits."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import require_perm
from lantoa.audit.services import record_event
from lantoa.reports import document, sources
from lantoa.reports.models import PeriodKind, Report, ReportStatus
from lantoa.reports.periods import Period

TEXT_MAX_CHARS = 20_000
TEXT_FIELDS = ("intro", "shortcomings", "directions")
DEFAULT_DIRECTIONS = (
    "- Tiếp tục theo dõi, tổng hợp thông tin báo chí, mạng xã hội; kịp thời tham mưu xử lý thông tin sai sự thật.\n"
    "- Đôn đốc các cơ quan, đơn vị trả lời báo chí đúng thời hạn theo Điều 43 Luật Báo chí.\n"
    "- Rà soát, cập nhật danh sách người phát ngôn của các sở, ngành và UBND các xã, phường."
)


def check_can_view(actor: User, report: Report | None = None) -> None:
    require_perm(actor, "reports.view_report")


def check_can_edit(actor: User | None, report: Report | None = None) -> None:
    if actor is not None:
        require_perm(actor, "reports.change_report")
    if report is not None and not report.is_draft:
        raise ValidationError(_("Báo cáo đã phát hành, không sửa được nữa."))


def period_from(kind: str, year: int | str | None, quarter: int | str | None) -> Period:
    """The period chosen on the form, or a ValidationError naming what is wrong."""
    if kind not in PeriodKind.values:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ."))
    try:
        year_number = int(year or 0)
        quarter_number = int(quarter or 0) if kind == PeriodKind.QUARTER else 0
        period = Period(kind, year_number, quarter_number)
    except (TypeError, ValueError):
        raise ValidationError(_("Năm hoặc quý không hợp lệ.")) from None
    if period.first_day > timezone.localdate():
        raise ValidationError(_("Kỳ báo cáo chưa bắt đầu."))
    return period


def texts_of(report: Report) -> document.Texts:
    return document.Texts(report.intro, report.shortcomings, report.directions)


def document_day(report: Report) -> date:
    return timezone.localdate(report.issued_at) if report.issued_at else timezone.localdate()


def docx_bytes(report: Report) -> bytes:
    return document.docx_bytes(report.figures, texts_of(report), number=report.number, day=document_day(report))


@transaction.atomic
def do_create_draft(actor: User | None, period: Period) -> Report:
    """The report of ``period``: the existing one when there is one (a draft keeps its edits, an issued one is
    never redone), else a new draft with the figures taken now and texts to start from."""
    check_can_edit(actor)
    existing = Report.objects.filter(kind=period.kind, year=period.year, quarter=period.quarter).first()
    if existing is not None:
        return existing
    figures = sources.gather(period)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=period.kind, year=period.year, quarter=period.quarter, figures=figures,
                figures_at=timezone.now(), intro=document.default_intro(period),
                shortcomings=document.suggested_shortcomings(figures), directions=DEFAULT_DIRECTIONS,
                created_by=actor,
            )  # fmt: skip
    except IntegrityError:  # two officers at once: the other one's draft
        return Report.objects.get(kind=period.kind, year=period.year, quarter=period.quarter)
    record_event(actor, "reports.report.draft", report, summary=period.label)
    return report


@transaction.atomic
def do_refresh(actor: User, report: Report) -> Report:
    """Take the figures again (the texts stay as edited)."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    check_can_edit(actor, current)
    period = Period(current.kind, current.year, current.quarter)
    before = current.figures_at
    current.figures, current.figures_at = sources.gather(period), timezone.now()
    current.save(update_fields=["figures", "figures_at"])
    record_event(actor, "reports.report.refresh", current,
                 changes={"figures_at": [before.isoformat(), current.figures_at.isoformat()]})  # fmt: skip
    return current


@transaction.atomic
def do_update_texts(actor: User, report: Report, **texts: str) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    check_can_edit(actor, current)
    changes: dict[str, list[object]] = {}
    for name, value in texts.items():
        if name not in TEXT_FIELDS:
            raise ValueError(name)
        value = value.replace("\r\n", "\n").strip()
        if len(value) > TEXT_MAX_CHARS:
            raise ValidationError({name: [_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": TEXT_MAX_CHARS}]})
        if getattr(current, name) != value:
            changes[name] = [getattr(current, name), value]
            setattr(current, name, value)
    if changes:
        current.save(update_fields=list(changes))
        record_event(actor, "reports.report.texts", current, changes=changes)
    return current


def check_issue(actor: User | None, report: Report) -> None:
    check_can_edit(actor, report)
    parts = (("shortcomings", _("Tồn tại, hạn chế")), ("directions", _("Phương hướng, nhiệm vụ")))
    missing = [label for name, label in parts if not getattr(report, name)]
    if missing:
        raise ValidationError(_("Chưa nhập nội dung: %(parts)s.") % {"parts": ", ".join(missing)})


def _next_number(year: int) -> int:
    last = Report.objects.select_for_update().filter(number_year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def do_issue(actor: User | None, report: Report) -> Report:
    """Number the report in the year of issue and freeze it (figures and texts as they are now)."""
    for attempt in range(3):  # two officers issuing at once: the unique (year, number) makes one of them retry
        try:
            with transaction.atomic():
                current = Report.objects.select_for_update().get(pk=report.pk)
                check_issue(actor, current)
                now = timezone.now()
                current.number_year = timezone.localdate(now).year
                current.number = _next_number(current.number_year)
                current.status, current.issued_by, current.issued_at = ReportStatus.ISSUED, actor, now
                current.save(update_fields=["number_year", "number", "status", "issued_by", "issued_at"])
                record_event(actor, "reports.report.issue", current, summary=document.number_line(current.number))
                return current
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
