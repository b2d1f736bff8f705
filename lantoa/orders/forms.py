"""Forms turn text into values (money as whole đồng, dates as dd/mm/yyyy) and show the services' errors next to
their fields; the rules themselves (scope, budget, statuses) are the services' ``check_*``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lantoa.orders.models import OrderStatus, ProductKind
from lantoa.orders.money import parse_vnd, vnd
from lantoa.org.models import Organisation, Outlet

DATE_FORMATS = ["%d/%m/%Y"]
DATE_ERROR = {"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")}


def date_field(label: Any, required: bool = False) -> forms.DateField:
    messages = {**DATE_ERROR, "required": _("Hãy nhập ngày (dd/mm/yyyy).")}
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, error_messages=messages,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip


class MoneyField(forms.CharField):
    """ "1.500.000", "1500000" or "1.500.000 đ" → 1500000; shown back with dots."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.500.000"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return vnd(value)[:-2] if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        return parse_vnd(text) if text else None


class DateListField(forms.CharField):
    """Delivery dates, one per line or separated by commas or semicolons → sorted ISO strings."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(f"{date.fromisoformat(day):%d/%m/%Y}" for day in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        days: set[str] = set()
        for part in text.replace(";", ",").replace("\n", ",").split(","):
            if not part.strip():
                continue
            try:
                day, month, year = (int(piece) for piece in part.strip().split("/"))
                days.add(date(year, month, day).isoformat())
            except ValueError:
                raise ValidationError(
                    _("Ngày “%(day)s” không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.") % {"day": part.strip()}
                ) from None
        return sorted(days)


class OrderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan đặt hàng"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— chọn cơ quan —"),
    )  # fmt: skip
    number = forms.CharField(label=_("Số văn bản đặt hàng, hợp đồng"), max_length=60, required=False)
    title = forms.CharField(label=_("Nội dung đặt hàng"), max_length=300, required=False)
    outlet = forms.ModelChoiceField(
        label=_("Cơ quan báo chí"), queryset=Outlet.objects.order_by("name"), required=False,
        empty_label=_("— chọn cơ quan báo chí —"),
    )  # fmt: skip
    product_kind = forms.ChoiceField(
        label=_("Loại sản phẩm"), choices=[("", "—"), *ProductKind.choices], required=False
    )
    quantity = forms.IntegerField(label=_("Số lượng"), required=False, min_value=1)
    unit_price = MoneyField(label=_("Đơn giá (đồng)"), required=False)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    delivery_dates = DateListField(
        label=_("Ngày giao sản phẩm (dd/mm/yyyy, cách nhau bằng dấu phẩy)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    budget_line = forms.ModelChoiceField(
        label=_("Dòng kinh phí chi trả"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— chọn dòng kinh phí —"),
    )  # fmt: skip
    campaign = forms.ModelChoiceField(
        label=_("Chiến dịch truyền thông"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— không gắn chiến dịch —"),
    )  # fmt: skip
    policy = forms.CharField(label=_("Chính sách, chủ đề tuyên truyền"), max_length=300, required=False)
    keywords = forms.CharField(
        label=_("Từ khóa nhận diện tin bài (cách nhau bằng dấu phẩy)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, organisations: Any, lines: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["budget_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["budget_line"].label_from_instance = (  # type: ignore[attr-defined]
            lambda line: f"{line.organisation.short_name or line.organisation.name} · {line} · {vnd(line.amount)}"
        )
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class DeliveryForm(forms.Form):
    title = forms.CharField(label=_("Tên sản phẩm, tiêu đề tin bài"), max_length=500, required=False)
    delivered_on = date_field(_("Ngày đăng, phát sóng"))
    url = forms.CharField(label=_("Đường dẫn"), max_length=1000, required=False)
    quantity = forms.IntegerField(label=_("Số lượng"), required=False, min_value=1, initial=1)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Lý do hủy"), max_length=1000, required=False)


class AcceptOrderForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến nghiệm thu (bắt buộc khi nghiệm thu một phần)"), max_length=2000, required=False
    )


class BudgetLineForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"), queryset=Organisation.objects.filter(is_active=True), required=False,
        empty_label=_("— chọn cơ quan —"),
    )  # fmt: skip
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên dòng kinh phí"), max_length=200, required=False)
    code = forms.CharField(label=_("Mã, mục lục ngân sách"), max_length=60, required=False)
    amount = MoneyField(label=_("Kinh phí được giao (đồng)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExpenseForm(forms.Form):
    description = forms.CharField(label=_("Nội dung chi"), max_length=300, required=False)
    amount = MoneyField(label=_("Số tiền (đồng)"), required=False)
    spent_on = date_field(_("Ngày chi"))
    document = forms.CharField(label=_("Chứng từ"), max_length=100, required=False)
    campaign = forms.ModelChoiceField(
        label=_("Chiến dịch truyền thông"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("— không gắn chiến dịch —"),
    )  # fmt: skip

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *OrderStatus.choices], required=False
    )
    co_quan = forms.ModelChoiceField(
        label=_("Cơ quan đặt hàng"), queryset=Organisation.objects.none(), required=False, empty_label=_("Tất cả")
    )
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
