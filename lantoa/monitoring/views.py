"""Monitoring pages: the item stream (filters, search), a story with all its copies, an item with its places
highlighted, and the sources with their health. Thin: parse, authorise, query, render."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.models import User
from lantoa.accounts.permissions import acting_user, require_perm
from lantoa.monitoring import search, services
from lantoa.monitoring.forms import SourceForm
from lantoa.monitoring.labels import LABEL_NAMES
from lantoa.monitoring.models import FINAL_STATUSES, Item, ItemPlace, ItemStatus, Quarantine, Source, Story
from lantoa.org.gazetteer import gazetteer_from_files
from lantoa.org.models import AdministrativeUnit

PAGE_SIZE = 50


def _parse_date(value: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def filtered_items(params: dict[str, str]) -> tuple[QuerySet[Item], list[str]]:
    """Items matching the stream's filters; also the problems with the filters, to show (bad input never 500s)."""
    items, problems, _common = stream_items(params)
    return items, problems


def stream_items(params: dict[str, str]) -> tuple[QuerySet[Item], list[str], bool]:
    """filtered_items, and whether a search word is common (its matches are then not counted, see search.py)."""
    common = False
    problems: list[str] = []
    items = Item.objects.exclude(status__in=[ItemStatus.PENDING, ItemStatus.QUARANTINED])
    zone = timezone.get_current_timezone()
    for name, op in (("tu", "gte"), ("den", "lt")):
        raw = params.get(name, "").strip()
        if not raw:
            continue
        day = _parse_date(raw)
        if day is None:
            problems.append(_("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": raw})
            continue
        if op == "lt":
            day += timedelta(days=1)
        items = items.filter(**{f"published_at__{op}": datetime.combine(day, time.min, tzinfo=zone)})
    if params.get("nguon", "").isdigit():
        items = items.filter(source_id=int(params["nguon"]))
    if params.get("dia_ban"):
        items = items.filter(places__unit_code=params["dia_ban"]).distinct()
    if params.get("chieu_huong") in {"neg", "neu", "pos"}:
        items = items.filter(polarity=params["chieu_huong"])
    if params.get("linh_vuc"):
        items = items.filter(sector=params["linh_vuc"])
    relevance = params.get("lien_quan", "co")
    if relevance == "co":
        items = items.filter(relevant=True)
    elif relevance == "khong":
        items = items.filter(relevant=False)
    query = params.get("q", "").strip()
    if query:
        items, common = search.filter_matching(items, query)
    return items, problems, common


class CappedPaginator(Paginator[Item]):
    """Counts at most ``cap`` items. Counting every match of a common word, or every item of a million, costs more
    than the page itself (doc/scaling.md); past the cap the page says "more than" and the filters narrow it."""

    cap = 2000
    capped = False

    @cached_property
    def count(self) -> int:
        assert isinstance(self.object_list, QuerySet)  # noqa: S101 - the stream pages a queryset
        # Unordered: any cap+1 matches will do, and PostgreSQL may then take them from the full-text index
        # instead of walking the date order (400 ms → 80 ms for a common word at a million items).
        counted: int = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


class UncountedPaginator(CappedPaginator):
    """For a common search word: no count at all, only whether a next page exists. The page is read with one row
    more than it shows, in the query that reads the page (a separate narrow query got a worse plan: 570 ms against
    125 ms). Counting the matches that pass a filter means testing each match's document (doc/scaling.md)."""

    uncounted = True

    def __init__(self, object_list: QuerySet[Item], per_page: int, number: str | None) -> None:
        super().__init__(object_list, per_page)
        try:
            self.requested = max(1, int(number or 1))
        except ValueError:
            self.requested = 1
        self.rows: list[Item] = []

    @cached_property
    def count(self) -> int:
        start = (self.requested - 1) * self.per_page
        self.rows = list(self.object_list[start : start + self.per_page + 1])
        if not self.rows and start:  # past the end: the first page instead
            self.requested, start = 1, 0
            self.rows = list(self.object_list[: self.per_page + 1])
        self.capped = True
        return start + len(self.rows)

    def page(self, number: int | str) -> Page[Item]:
        number = self.validate_number(number)
        if number == self.requested:
            return Page(self.rows[: self.per_page], number, self)
        return super().page(number)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_item")
    params = {
        key: request.GET.get(key, "")
        for key in ("q", "tu", "den", "nguon", "dia_ban", "lien_quan", "chieu_huong", "linh_vuc")
    }
    params["lien_quan"] = params["lien_quan"] or "co"
    items, problems, common = stream_items(params)
    # The rows show titles and labels: not the texts, which are most of a row's bytes.
    items = (
        items.defer("lead", "body", "html", "original", "fingerprint", "corrected")
        .select_related("source", "outlet", "story")
        .prefetch_related(Prefetch("places", queryset=ItemPlace.objects.order_by("mention_name"), to_attr="place_rows"))
    )
    ordered = items.order_by("-published_at", "-id")
    number = request.GET.get("trang")
    paginator = UncountedPaginator(ordered, PAGE_SIZE, number) if common else CappedPaginator(ordered, PAGE_SIZE)
    page = paginator.get_page(number)
    context = {
        "page": page,
        "params": params,
        "problems": problems,
        "sources": Source.objects.order_by("name").only("id", "name"),
        "units": AdministrativeUnit.objects.order_by("short_name").only("code", "name", "short_name"),
        "polarities": list(LABEL_NAMES["polarity"].items()),
        "sectors": list(LABEL_NAMES["sector"].items()),
    }
    template = "monitoring/_item_rows.html" if request.headers.get("HX-Request") else "monitoring/item_list.html"
    return render(request, template, context)


def highlight_places(text: str) -> SafeString:
    """The text, escaped, with the province's place names marked."""
    gazetteer = gazetteer_from_files()
    pieces: list[str] = []
    position = 0
    for mention in gazetteer.report(text).mentions:
        if mention.strength <= 1 or mention.start < position:
            continue
        pieces.append(escape(text[position : mention.start]))
        label = f"{mention.entry.name} ({mention.entry.kind})"
        pieces.append(f'<mark title="{escape(label)}">{escape(mention.text)}</mark>')
        position = mention.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_item")
    item = get_object_or_404(Item.objects.select_related("source", "outlet", "story"), pk=pk)
    places = item.places.order_by("mention_name", "unit_code")
    context = {
        **label_context(item, acting_user(request)),
        "title": highlight_places(item.title),
        "lead": highlight_places(item.lead),
        "paragraphs": [highlight_places(paragraph) for paragraph in item.body.split("\n") if paragraph.strip()],
        "places": places,
    }
    return render(request, "monitoring/item_detail.html", context)


@login_required
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_story")
    story = get_object_or_404(Story.objects.select_related("first_item"), pk=pk)
    copies = story.items.select_related("outlet", "source").order_by("published_at", "id")
    return render(request, "monitoring/story_detail.html", {"story": story, "copies": copies})


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_source")
    since = timezone.now() - timedelta(days=1)
    sources = Source.objects.select_related("outlet").annotate(
        item_total=Count("items", distinct=True),
        item_day=Count("items", filter=Q(items__ingested_at__gte=since), distinct=True),
        quarantined=Count("quarantine", distinct=True),
    )
    return render(request, "monitoring/source_list.html", {"sources": sources})


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(acting_user(request), "monitoring.view_source")
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    by_day = (
        Item.objects.filter(source=source)
        .annotate(day=TruncDate("ingested_at"))
        .values("day", "status")
        .annotate(n=Count("id"))
        .order_by("-day", "status")[:200]
    )
    quarantine = Quarantine.objects.filter(source=source)[:50]
    context = {"source": source, "by_day": by_day, "quarantine": quarantine, "statuses": FINAL_STATUSES}
    return render(request, "monitoring/source_detail.html", context)


@login_required
def source_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    source = get_object_or_404(Source, pk=pk) if pk else None
    require_perm(user, "monitoring.change_source" if source else "monitoring.add_source")
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        saved = services.do_update_source(user, source, values) if source else services.do_create_source(user, values)
        messages.success(request, _("Đã lưu nguồn tin."))
        return redirect("monitoring:source_detail", pk=saved.pk)
    if source is not None:
        source.refresh_from_db()
    return render(request, "monitoring/source_form.html", {"form": form, "source": source})


@login_required
@require_POST
def source_poll_now(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    if services.do_request_poll(acting_user(request), source):
        messages.success(request, _("Đã xếp lịch lấy tin ngay."))
    else:
        messages.warning(
            request,
            _(
                "Hàng đợi công việc tạm thời không hoạt động: nguồn tin vẫn ở trạng thái chờ lấy và sẽ được lấy "
                "tự động khi hàng đợi hoạt động trở lại."
            ),
        )
    return redirect("monitoring:source_detail", pk=pk)


def label_context(item: Item, user: User) -> dict[str, object]:
    rows = []
    for field in ("polarity", "toxicity", "relevant", "sector"):
        choices = LABEL_NAMES[field]
        current = ("yes" if item.relevant else "no") if field == "relevant" else str(getattr(item, field))
        rows.append({"field": field, "current": current, "choices": list(choices.items()),
                     "corrected": field in item.corrected})  # fmt: skip
    return {"item": item, "label_rows": rows, "can_correct": user.has_perm("monitoring.change_item")}


@login_required
@require_POST
def item_correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = get_object_or_404(Item, pk=pk)
    try:
        services.do_correct_item(user, item, request.POST.get("field", ""), request.POST.get("value", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    item.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(request, "monitoring/_item_labels.html", label_context(item, user))
    return redirect("monitoring:item_detail", pk=pk)
