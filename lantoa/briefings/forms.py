from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.briefings import intake
from lantoa.briefings.models import Briefing, UrgentStatement
from lantoa.org.models import Organisation, OrganisationKind, Outlet

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


def _datetime_field(field: forms.Field) -> None:
    field.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    field.input_formats = DATETIME_FORMATS  # type: ignore[attr-defined]


class BriefingForm(forms.ModelForm[Briefing]):
    class Meta:
        model = Briefing
        fields = ["kind", "title", "host", "starts_at", "place", "status", "accepts_questions", "chair",
                  "organisations", "conclusion"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_field(self.fields["starts_at"])
        self.fields["organisations"].widget = forms.SelectMultiple(attrs={"size": 10})
        self.fields["organisations"].queryset = Organisation.objects.filter(is_active=True)  # type: ignore[attr-defined]
        if not self.instance.pk and not self.initial.get("host"):
            self.initial["host"] = Organisation.objects.filter(kind=OrganisationKind.PROVINCE).first()


class JournalistForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.filter(is_active=True), required=False,
                                    label=_("Cơ quan báo chí"))  # fmt: skip
    outlet_name = forms.CharField(label=_("hoặc tên cơ quan báo chí khác"), max_length=200, required=False)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    presenter = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True), required=False, label=_("Cơ quan trình bày")
    )


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True), label=_("Giao cho cơ quan")
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)


class QuestionFields(forms.Form):
    """What a journalist fills in. Lengths are checked by the service (one set of messages for every path); the
    browser gets the same limits as ``maxlength``."""

    journalist_name = forms.CharField(
        label=_("Họ và tên"), widget=forms.TextInput(attrs={"maxlength": intake.NAME_LENGTH[1]})
    )
    outlet_name = forms.CharField(
        label=_("Cơ quan báo chí"), widget=forms.TextInput(attrs={"maxlength": intake.OUTLET_LENGTH[1]})
    )
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    text = forms.CharField(
        label=_("Câu hỏi"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": intake.TEXT_LENGTH[1]}),
        help_text=_("Từ %(min)d đến %(max)d ký tự.") % {"min": intake.TEXT_LENGTH[0], "max": intake.TEXT_LENGTH[1]},
    )


class PublicQuestionForm(QuestionFields):
    token = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people (off-screen, skipped by the keyboard, ignored by screen readers).
    trang_web = forms.CharField(
        label=_("Trang web (để trống)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, briefing_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.briefing_id = briefing_id
        if not self.is_bound:
            self.initial["token"] = intake.make_token(briefing_id)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data.get(intake.HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Câu hỏi không được gửi vì biểu mẫu có dấu hiệu được điền tự động. Nếu bạn là người gửi, hãy tải "
                  "lại trang và gửi lại.")
            )  # fmt: skip
        try:
            elapsed = intake.seconds_since_served(self.data.get("token", ""), self.briefing_id)
        except intake.TokenError:
            raise forms.ValidationError(
                _("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại câu hỏi.")
            ) from None
        if elapsed < intake.min_fill_seconds():
            raise forms.ValidationError(
                _("Câu hỏi được gửi quá nhanh sau khi mở trang (dưới %(n)d giây). Vui lòng kiểm tra lại rồi gửi.")
                % {"n": int(intake.min_fill_seconds())}
            )
        return cleaned


class RecordQuestionForm(QuestionFields):
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)


class StatementEditForm(forms.ModelForm[UrgentStatement]):
    class Meta:
        model = UrgentStatement
        fields = ["title", "organisation", "event_at", "statement_at", "form", "summary", "url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_field(self.fields["event_at"])
        _datetime_field(self.fields["statement_at"])
