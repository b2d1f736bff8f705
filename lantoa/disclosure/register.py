"""The register of information each organisation must publish proactively (art. 17), and the press office's view
of what is overdue or missing.

- An entry is *due* ``within_days`` days after its issue/approval (``core.calendar.legal_deadline``: the day after
  issue is day 1, a period that ends on a day off ends on the next working day), when its category sets a period;
  the officer may set another due date (a sector rule we do not encode).
- An entry is *overdue* while unpublished after its due date.
- A category is *missing* for an organisation when it is ``required`` and nothing was ever published, or periodic
  (``every_months``) and nothing was published in that many months.

``check_*`` validates and authorises (Vietnamese messages), ``do_*`` saves and writes the audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import in_scope, require_perm, scoped_organisation_ids
from lantoa.audit.services import diff, record_event, snapshot
from lantoa.core import calendar
from lantoa.disclosure.categories import Category, all_categories, by_code, kinds_with_register
from lantoa.disclosure.models import DisclosureEntry, PublicationForm
from lantoa.org.models import Organisation

ENTRY_FIELDS = (
    "organisation", "category", "title", "document_number", "issued_on", "due_on", "form", "published_on", "url",
    "note",
)  # fmt: skip


def due_date(category: Category, issued_on: date) -> date | None:
    if category.within_days is None:
        return None
    return calendar.legal_deadline(issued_on, category.within_days)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the last day of the month when that day does not exist)."""
    import calendar as std_calendar

    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = std_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- Visibility ----------------------------------------------------------------------------------------------------


def register_organisations(user: User) -> QuerySet[Organisation]:
    """Active organisations of the kinds that keep a register, within the user's scope."""
    organisations = Organisation.objects.filter(is_active=True, kind__in=kinds_with_register())
    scope = scoped_organisation_ids(user)
    if scope is not None:
        organisations = organisations.filter(id__in=scope)
    return organisations.order_by("sort_order", "name")


def visible_entries(user: User) -> QuerySet[DisclosureEntry]:
    require_perm(user, "disclosure.view_disclosureentry")
    entries = DisclosureEntry.objects.all()
    scope = scoped_organisation_ids(user)
    if scope is not None:
        entries = entries.filter(organisation_id__in=scope)
    return entries


def check_can_view_entry(user: User, entry: DisclosureEntry) -> None:
    require_perm(user, "disclosure.view_disclosureentry")
    if not in_scope(user, entry.organisation_id):
        raise PermissionDenied(_("Thông tin này thuộc cơ quan khác, bạn không có quyền truy cập."))


# --- Saving --------------------------------------------------------------------------------------------------------


def check_entry(actor: User, values: dict[str, Any], entry: DisclosureEntry | None, today: date) -> None:
    require_perm(actor, "disclosure.change_disclosureentry" if entry else "disclosure.add_disclosureentry")
    if entry is not None and not in_scope(actor, entry.organisation_id):
        raise PermissionDenied(_("Thông tin này thuộc cơ quan khác, bạn không có quyền sửa."))
    errors: dict[str, list[str]] = {}
    organisation: Organisation | None = values.get("organisation")
    category = by_code().get(values.get("category") or "")
    if organisation is None:
        errors["organisation"] = [_("Hãy chọn cơ quan.")]
    elif not in_scope(actor, organisation.pk):
        errors["organisation"] = [_("Bạn chỉ cập nhật được sổ công khai của cơ quan mình.")]
    if category is None:
        errors["category"] = [_("Hãy chọn nhóm thông tin theo Điều 17.")]
    elif organisation is not None and not category.applies(organisation.kind):
        errors["category"] = [_("Nhóm thông tin này không áp dụng cho loại cơ quan đã chọn.")]
    if not (values.get("title") or "").strip():
        errors["title"] = [_("Hãy nhập tên thông tin, văn bản.")]
    issued_on: date | None = values.get("issued_on")
    published_on: date | None = values.get("published_on")
    if issued_on is None:
        errors["issued_on"] = [_("Hãy nhập ngày ban hành, phê duyệt (dd/mm/yyyy).")]
    elif issued_on > today:
        errors["issued_on"] = [_("Ngày ban hành không được sau ngày hôm nay.")]
    if published_on is not None:
        if published_on > today:
            errors["published_on"] = [_("Ngày công khai không được sau ngày hôm nay.")]
        elif issued_on is not None and published_on < issued_on:
            errors["published_on"] = [_("Ngày công khai không được trước ngày ban hành.")]
        if not values.get("form"):
            errors["form"] = [_("Hãy chọn hình thức công khai (Điều 18).")]
        if values.get("form") == PublicationForm.PORTAL and not values.get("url"):
            errors["url"] = [_("Thông tin đăng trên cổng/trang thông tin điện tử cần có đường dẫn.")]
    if values.get("form") and values["form"] not in PublicationForm.values:
        errors["form"] = [_("Hình thức công khai không hợp lệ.")]
    if values.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            errors["url"] = [_("Đường dẫn không hợp lệ (cần bắt đầu bằng http:// hoặc https://).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_save_entry(
    actor: User, values: dict[str, Any], entry: DisclosureEntry | None = None, today: date | None = None
) -> DisclosureEntry:
    """Create or update an entry. Without a due date given, the category's period sets it from the issue date."""
    today = today or timezone.localdate()
    check_entry(actor, values, entry, today)
    category = by_code()[values["category"]]
    clean = {name: values.get(name) for name in ENTRY_FIELDS}
    for name in ("title", "document_number", "url", "note", "form"):
        clean[name] = (clean[name] or "").strip()
    if clean["due_on"] is None:
        issued_on: date = values["issued_on"]
        clean["due_on"] = due_date(category, issued_on)
    if entry is None:
        entry = DisclosureEntry.objects.create(**clean, created_by=actor)
        record_event(
            actor, "disclosure.entry.create", entry, organisation=entry.organisation,
            changes=diff({}, snapshot(entry, ENTRY_FIELDS)), summary=category.name,
        )  # fmt: skip
        return entry
    before = snapshot(entry, ENTRY_FIELDS)
    for name, value in clean.items():
        setattr(entry, name, value)
    entry.updated_at = timezone.now()
    entry.save()
    changes = diff(before, snapshot(entry, ENTRY_FIELDS))
    published = "published_on" in changes and entry.published_on is not None
    action = "disclosure.entry.publish" if published else "disclosure.entry.update"
    record_event(actor, action, entry, organisation=entry.organisation, changes=changes)
    return entry


# --- The press office's matrix -------------------------------------------------------------------------------------


@dataclass
class Cell:
    applies: bool
    published: int = 0
    overdue: int = 0
    missing: bool = False
    last_published: date | None = None


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell]
    overdue: int = 0
    missing: int = 0


@dataclass
class Matrix:
    categories: tuple[Category, ...]
    rows: list[Row]
    today: date
    column_overdue: list[int] = field(default_factory=list)
    column_missing: list[int] = field(default_factory=list)


def matrix(user: User, today: date | None = None, kind: str = "") -> Matrix:
    """Organisations × categories with overdue and missing counts: two queries whatever the number of organisations
    (the organisations, and one grouped count over their entries)."""
    require_perm(user, "disclosure.view_disclosureentry")
    today = today or timezone.localdate()
    organisations = register_organisations(user)
    if kind:
        organisations = organisations.filter(kind=kind)
    organisation_list = list(organisations)
    counts = (
        DisclosureEntry.objects.filter(organisation__in=organisations)
        .values("organisation_id", "category")
        .annotate(
            published=Count("id", filter=Q(published_on__isnull=False)),
            overdue=Count("id", filter=Q(published_on__isnull=True, due_on__lt=today)),
            last=Max("published_on"),
        )
    )
    found = {(row["organisation_id"], row["category"]): row for row in counts}
    categories = all_categories()
    rows: list[Row] = []
    for organisation in organisation_list:
        cells: list[Cell] = []
        for category in categories:
            if not category.applies(organisation.kind):
                cells.append(Cell(applies=False))
                continue
            data = found.get((organisation.pk, category.code), {})
            last: date | None = data.get("last")
            missing = (category.required and last is None) or (
                category.every_months is not None
                and (last is None or last <= months_before(today, category.every_months))
            )
            cells.append(Cell(True, data.get("published", 0), data.get("overdue", 0), missing, last))
        rows.append(Row(organisation, cells, sum(c.overdue for c in cells), sum(1 for c in cells if c.missing)))
    result = Matrix(categories, rows, today)
    result.column_overdue = [sum(row.cells[i].overdue for row in rows) for i in range(len(categories))]
    result.column_missing = [sum(1 for row in rows if row.cells[i].missing) for i in range(len(categories))]
    return result


# --- Public --------------------------------------------------------------------------------------------------------


def published_entries(organisation: Organisation | None = None) -> QuerySet[DisclosureEntry]:
    """What the public catalogue and the feeds show: published entries of active organisations, newest first."""
    entries = DisclosureEntry.objects.filter(published_on__isnull=False, organisation__is_active=True)
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
    return entries.select_related("organisation").order_by("-published_on", "-id")
