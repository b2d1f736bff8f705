"""Forms turn text into values (dates as dd/mm/yyyy) and show the services' errors next to their fields; the rules
(contact details, deadlines, scope, statuses) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.disclosure.categories import choices as category_choices
from lantoa.disclosure.models import ProvisionForm, PublicationForm, ReceivedVia, RefusalGround, RequestStatus
from lantoa.org.models import Organisation

DATE_FORMATS = ["%d/%m/%Y"]
HONEYPOT_FIELD = "trang_web"


def date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip


def _active_organisations() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("sort_order", "name")


class EntryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Organisation.objects.none(), required=False, empty_label=_("— chọn cơ quan —")
    )
    category = forms.ChoiceField(label=_("Nhóm thông tin (Điều 17)"), required=False)
    title = forms.CharField(label=_("Tên thông tin, văn bản"), max_length=500, required=False)
    document_number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    issued_on = date_field(_("Ngày ban hành, phê duyệt"))
    due_on = date_field(_("Hạn công khai (để trống: tính theo nhóm thông tin)"))
    form = forms.ChoiceField(
        label=_("Hình thức công khai (Điều 18)"), choices=[("", "—"), *PublicationForm.choices], required=False
    )
    published_on = date_field(_("Ngày công khai (để trống nếu chưa công khai)"))
    url = forms.CharField(label=_("Đường dẫn"), max_length=1000, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", _("— chọn nhóm —")), *category_choices()]  # type: ignore[attr-defined]


class RequesterFields(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    information = forms.CharField(
        label=_("Thông tin cần cung cấp"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    purpose = forms.CharField(label=_("Mục đích sử dụng thông tin"), max_length=1000, required=False)
    provision_form = forms.ChoiceField(
        label=_("Hình thức nhận thông tin"), choices=[("", "—"), *ProvisionForm.choices], required=False
    )


class PublicRequestForm(RequesterFields):
    addressed_to = forms.ModelChoiceField(
        label=_("Cơ quan được đề nghị cung cấp (nếu biết)"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— không rõ —"),
    )  # fmt: skip
    # A field people do not see: robots fill it in.
    trang_web = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].queryset = _active_organisations()  # type: ignore[attr-defined]


class OfficerRequestForm(RequesterFields):
    received_via = forms.ChoiceField(
        label=_("Tiếp nhận qua"), choices=ReceivedVia.choices, initial=ReceivedVia.LETTER, required=False
    )
    received_on = date_field(_("Ngày nhận yêu cầu hợp lệ"))
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— giao sau —"),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _active_organisations()  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— chọn cơ quan —"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _active_organisations()  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=2000, required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Nội dung cung cấp"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    provided_how = forms.ChoiceField(
        label=_("Hình thức đã cung cấp"), choices=[("", "—"), *ProvisionForm.choices], required=False
    )
    answered_on = date_field(_("Ngày cung cấp"))
    file = forms.FileField(
        label=_("Tệp (PDF, DOCX, JPG, PNG)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )  # fmt: skip


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ từ chối"), choices=[("", "—"), *RefusalGround.choices], required=False)
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answered_on = date_field(_("Ngày thông báo từ chối"))


class RequestFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *RequestStatus.choices], required=False
    )
    qua_han = forms.BooleanField(label=_("Chỉ yêu cầu quá hạn"), required=False)
