"""Forms turn text into values (dates as dd/mm/yyyy) and show the services' errors next to their fields; the rules
themselves (required press agency, deadlines, statuses, scope) are the services' ``check_*``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import Organisation, Outlet
from lantoa.press.models import AnswerChannel, AttachmentKind, LegalType, Status

DATE_FORMATS = ["%d/%m/%Y"]
DATE_ERROR = {"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")}


def _date_field(label: Any, required: bool) -> forms.DateField:
    messages = {**DATE_ERROR, "required": _("Hãy nhập ngày (dd/mm/yyyy).")}
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, error_messages=messages,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip


class RequestForm(forms.Form):
    outlet = forms.ModelChoiceField(
        label=_("Cơ quan báo chí"), queryset=Outlet.objects.order_by("name"), required=False,
        empty_label=_("— chọn cơ quan báo chí —"),
    )  # fmt: skip
    legal_type = forms.ChoiceField(label=_("Loại yêu cầu"), choices=LegalType.choices, initial=LegalType.ANSWER)
    issue = forms.CharField(label=_("Vấn đề báo chí nêu"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    received_on = _date_field(_("Ngày nhận"), required=False)
    letter_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    letter_date = _date_field(_("Ngày văn bản"), required=False)
    letter = forms.FileField(
        label=_("Văn bản của cơ quan báo chí (PDF, DOCX, JPG, PNG; tối đa 20 MB)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )  # fmt: skip
    story = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì trả lời"), queryset=Organisation.objects.filter(is_active=True), required=False,
        empty_label=_("— chọn cơ quan —"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class DraftForm(forms.Form):
    answer_text = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class ApproveForm(NoteForm):
    pass


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Lý do mở lại"), required=False, max_length=1000)


class AnswerForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hình thức trả lời"), choices=[("", "—"), *AnswerChannel.choices], required=False
    )
    where = forms.CharField(label=_("Đăng/gửi tại (tên báo, số văn bản…)"), max_length=300, required=False)
    url = forms.CharField(label=_("Địa chỉ bài trả lời (nếu có)"), max_length=1000, required=False)
    answered_on = _date_field(_("Ngày trả lời"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices, initial=AttachmentKind.ANSWER)
    file = forms.FileField(
        label=_("Tệp (PDF, DOCX, JPG, PNG; tối đa 20 MB)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )  # fmt: skip


class PublishForm(forms.Form):
    public_title = forms.CharField(label=_("Tiêu đề công khai"), max_length=300, required=False)
    no_personal_data = forms.BooleanField(
        label=_("Tôi đã kiểm tra: tiêu đề và nội dung trả lời không chứa thông tin cá nhân của người dân."),
        required=False,
    )


class FilterForm(forms.Form):
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả")), *Status.choices], required=False)
    co_quan = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Organisation.objects.none(), required=False, empty_label=_("Tất cả")
    )
    qua_han = forms.BooleanField(label=_("Chỉ yêu cầu quá hạn"), required=False)
