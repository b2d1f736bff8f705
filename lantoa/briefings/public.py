"""Public pages (no account): the briefings that take questions, and the form a journalist sends one with."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lantoa.briefings import intake, services
from lantoa.briefings.forms import PublicQuestionForm
from lantoa.briefings.models import Briefing, BriefingStatus
from lantoa.core.clientip import client_ip


def upcoming() -> list[Briefing]:
    return list(
        Briefing.objects.filter(status=BriefingStatus.SCHEDULED, starts_at__gt=timezone.now())
        .select_related("host")
        .order_by("starts_at")[:20]
    )


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "briefings/public_index.html", {"briefings": upcoming()})


@never_cache
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.select_related("host"), pk=pk)
    if not briefing.is_open_for_questions:
        return render(request, "briefings/public_ask.html", {"briefing": briefing, "closed": True}, status=410)
    form = PublicQuestionForm(request.POST or None, briefing_id=briefing.pk)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            submission = services.Submission(data["journalist_name"], data["outlet_name"], data["email"], data["text"])
            try:
                services.do_submit_question(briefing, submission, client_ip(request))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("briefings_public:thanks", pk=briefing.pk)
        # A new token: the next try is timed from now, and the rejected one cannot be replayed as is.
        data = request.POST.copy()
        data["token"] = intake.make_token(briefing.pk)
        data[intake.HONEYPOT_FIELD] = ""
        form.data = data
    status = 400 if form.is_bound else 200
    return render(request, "briefings/public_ask.html", {"briefing": briefing, "form": form}, status=status)


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(Briefing, pk=pk)
    return render(request, "briefings/public_thanks.html", {"briefing": briefing})
