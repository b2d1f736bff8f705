"""Forms turn text into values and show the services' errors next to their fields; the rules (non-negative
figures, transitions, scope, file types) are the services' ``check_*``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.plans.models import FIGURE_LABELS, FIGURES, Status

DATE_FORMATS = ["%d/%m/%Y"]


def _figure_field(name: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=FIGURE_LABELS[name], required=False, min_value=0, initial=0,
        error_messages={"min_value": _("Số liệu không được âm."), "invalid": _("Hãy nhập một số nguyên.")},
        widget=forms.NumberInput(attrs={"min": 0, "step": 1}),
    )  # fmt: skip


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[(Status.IN_PROGRESS, Status.IN_PROGRESS.label), (Status.DONE, Status.DONE.label)],
    )
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    articles = _figure_field("articles")
    broadcasts = _figure_field("broadcasts")
    posts = _figure_field("posts")
    events = _figure_field("events")
    trainings = _figure_field("trainings")
    people_reached = _figure_field("people_reached")
    # Carries the errors of the uploads (the <input type=file name=files> is in the template; ``files`` is taken).
    attachments = forms.CharField(required=False, widget=forms.HiddenInput)

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or 0 for name in FIGURES}


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Ngày tổ chức (dd/mm/yyyy)"), input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip
    topic = forms.CharField(label=_("Chủ đề"), max_length=300)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    trainers = forms.CharField(
        label=_("Báo cáo viên (mỗi người một dòng)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
