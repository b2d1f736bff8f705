"""Registry pages. Thin: parse, authorise through services, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.accounts.permissions import acting_user, in_scope, is_province_wide, require_perm
from lantoa.org import services
from lantoa.org.forms import OrganisationForm, PersonForm, changed_values
from lantoa.org.models import (
    DISTRICT_LEVEL_KINDS,
    AdministrativeUnit,
    FormerUnit,
    FormerUnitKind,
    Organisation,
    OrganisationKind,
    Outlet,
    Person,
)
from lantoa.vntext import fold


def _matches(query: str, *texts: str) -> bool:
    folded = fold(query)
    return any(folded in fold(text) for text in texts)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    organisations = (
        services.visible_organisations(user)
        .annotate(people_count=Count("people", filter=Q(people__is_active=True)))
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.filter(is_spokesperson=True), to_attr="spokespersons")
        )
    )
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    rows = list(organisations)
    if query:
        # Accent-insensitive ("so y te" finds "Sở Y tế"); the list is a few hundred rows, filtered in Python.
        rows = [row for row in rows if _matches(query, row.name, row.short_name)]
    context = {"organisations": rows, "query": query, "kind": kind, "kinds": OrganisationKind.choices}
    template = "org/_organisation_rows.html" if request.headers.get("HX-Request") else "org/organisation_list.html"
    return render(request, template, context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = get_object_or_404(Organisation.objects.select_related("parent", "commune"), pk=pk)
    services.check_can_view_organisation(user, organisation)
    people = organisation.people.order_by("-is_spokesperson", "-is_active", "full_name")
    former_units = (
        organisation.commune.former_units.filter(kind__in=DISTRICT_LEVEL_KINDS) if organisation.commune else []
    )
    context = {
        "organisation": organisation,
        "people": people,
        "former_units": former_units,
        "can_edit": user.has_perm("org.change_organisation") and in_scope(user, organisation.pk),
        "can_add_person": user.has_perm("org.add_person") and in_scope(user, organisation.pk),
        "can_edit_people": user.has_perm("org.change_person") and in_scope(user, organisation.pk),
    }
    return render(request, "org/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    services.check_can_view_organisation(user, organisation)
    require_perm(user, "org.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation, province_wide=is_province_wide(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_organisation(user, organisation, changed_values(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin cơ quan."))
            return redirect("org:organisation_detail", pk=pk)
    # The form edited the instance in memory: show the stored values next to the form, not the rejected ones.
    organisation.refresh_from_db()
    return render(request, "org/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def person_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    services.check_can_create_person(user, organisation)
    form = PersonForm(
        request.POST or None,
        initial={"organisation": organisation},
        organisations=services.visible_organisations(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.do_create_person(user, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
            return redirect("org:organisation_detail", pk=person.organisation_id)
    return render(request, "org/person_form.html", {"form": form, "organisation": organisation, "person": None})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    services.check_can_change_person(user, person)
    organisation = person.organisation
    form = PersonForm(request.POST or None, instance=person, organisations=services.visible_organisations(user))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.do_update_person(user, Person.objects.get(pk=pk), changed_values(form))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Đã lưu %(name)s.") % {"name": person.full_name})
            return redirect("org:organisation_detail", pk=person.organisation_id)
    return render(request, "org/person_form.html", {"form": form, "organisation": organisation, "person": person})


@login_required
@require_POST
def person_make_spokesperson(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    person = get_object_or_404(Person, pk=pk)
    services.do_set_spokesperson(user, person)
    messages.success(request, _("%(name)s là người phát ngôn của cơ quan.") % {"name": person.full_name})
    return redirect("org:organisation_detail", pk=person.organisation_id)


@login_required
def commune_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "org.view_administrativeunit")
    query = request.GET.get("q", "").strip()
    units = (
        AdministrativeUnit.objects.prefetch_related(
            Prefetch(
                "former_units", queryset=FormerUnit.objects.filter(kind__in=DISTRICT_LEVEL_KINDS), to_attr="districts"
            )
        )
        .select_related("organisation")
        .order_by("code")
    )
    if query:
        units = units.filter(search_name__contains=fold(query))
    counts = {
        row["division_type"]: row["n"]
        for row in AdministrativeUnit.objects.values("division_type").annotate(n=Count("id"))
    }
    return render(request, "org/commune_list.html", {"units": units, "query": query, "counts": counts})


@login_required
def former_unit_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "org.view_formerunit")
    query = request.GET.get("q", "").strip()
    kinds = [FormerUnitKind.PROVINCE, *DISTRICT_LEVEL_KINDS]
    if query:
        # Searching also finds the former communes: "Phúc Xuân" -> Xã Đại Phúc.
        units = FormerUnit.objects.filter(search_name__contains=fold(query))
    else:
        units = FormerUnit.objects.filter(kind__in=kinds)
    units = units.select_related("parent").prefetch_related(
        Prefetch("successors", queryset=AdministrativeUnit.objects.order_by("short_name"))
    )
    return render(request, "org/former_unit_list.html", {"units": units, "query": query})


@login_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    require_perm(acting_user(request), "org.view_outlet")
    outlets = Outlet.objects.select_related("organisation")
    return render(request, "org/outlet_list.html", {"outlets": outlets})
