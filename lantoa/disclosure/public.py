"""Public pages (no account): the catalogue of each organisation (published entries only, with links), the index
of organisations, and the citizens' request form. Nothing about requesters is ever shown here."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from lantoa.core.clientip import client_ip
from lantoa.disclosure import forms, register, services
from lantoa.disclosure.categories import all_categories
from lantoa.disclosure.models import DisclosureEntry
from lantoa.org.models import Organisation


def index(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.filter(is_active=True)
        .annotate(
            published=Count("disclosure_entries", filter=Q(disclosure_entries__published_on__isnull=False)),
            latest=Max("disclosure_entries__published_on"),
        )
        .filter(published__gt=0)
        .order_by("sort_order", "name")
    )
    return render(request, "disclosure/public_index.html", {"organisations": organisations})


def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=code, is_active=True)
    grouped: dict[str, list[DisclosureEntry]] = defaultdict(list)
    for entry in register.published_entries(organisation):
        grouped[entry.category].append(entry)
    sections = [(category, grouped[category.code]) for category in all_categories() if grouped.get(category.code)]
    return render(request, "disclosure/public_catalogue.html", {"organisation": organisation, "sections": sections})


@never_cache
def request_form(request: HttpRequest) -> HttpResponse:
    form = forms.PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data[forms.HONEYPOT_FIELD]:
            # A robot: answered like a success, nothing stored.
            return redirect("disclosure_public:request_sent")
        submission = services.Submission(
            data["name"], data["address"], data["email"], data["phone"], data["information"], data["purpose"],
            data["provision_form"],
        )  # fmt: skip
        try:
            created = services.do_submit_public(submission, data["addressed_to"], client_ip(request))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            request.session["disclosure_sent"] = [created.reference, f"{created.deadline:%d/%m/%Y}"]
            return redirect("disclosure_public:request_sent")
    status = 400 if form.is_bound else 200
    return render(request, "disclosure/public_request.html", {"form": form}, status=status)


def request_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.pop("disclosure_sent", None)
    return render(request, "disclosure/public_request_sent.html", {"sent": sent})
