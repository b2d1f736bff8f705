"""The rule form. Validation of the rule as a whole (query syntax, channels, scope) is the service's check_rule;
the form only turns text into values and shows the service's errors next to their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.alerts.models import AlertRule
from lantoa.monitoring.labels import LABEL_NAMES
from lantoa.org.models import AdministrativeUnit

# The parser's messages (lantoa/vntext/query.py MESSAGES, same texts) as msgids, for the English catalogue.
QUERY_MESSAGES = {
    "empty": _("Biểu thức trống: hãy nhập ít nhất một từ khóa."),
    "unclosed_quote": _("Thiếu dấu ngoặc kép đóng cho dấu mở ở vị trí %(position)d."),
    "unclosed_paren": _("Thiếu dấu ngoặc đóng “)” cho dấu mở ở vị trí %(position)d."),
    "unopened_paren": _("Dấu ngoặc đóng “)” ở vị trí %(position)d không có dấu mở tương ứng."),
    "empty_phrase": _("Cụm từ trong ngoặc kép ở vị trí %(position)d không có từ nào."),
    "empty_group": _("Cặp ngoặc mở ở vị trí %(position)d không chứa từ khóa nào."),
    "missing_operand": _("Thiếu từ khóa sau “%(token)s” ở vị trí %(position)d."),
    "missing_left": _("Thiếu từ khóa trước “%(token)s” ở vị trí %(position)d."),
    "near_operand": _("NEAR ở vị trí %(position)d chỉ nối hai từ hoặc hai cụm từ, không nối nhóm hay NOT."),
    "near_distance": _("Khoảng cách của NEAR ở vị trí %(position)d không hợp lệ: viết NEAR/5 (từ 0 đến 50)."),
    "only_negative": _("Biểu thức chỉ có NOT: cần ít nhất một từ khóa phải xuất hiện."),
}

QUERY_HELP = _(
    'Các từ viết liền nhau đều phải có (AND). Cụm từ trong ngoặc kép: "sạt lở đất". Toán tử viết hoa: AND, OR, NOT, '
    "NEAR/5 (cách nhau tối đa 5 từ), ngoặc đơn để nhóm. Không phân biệt dấu, hoa thường. "
    'Ví dụ: "sạt lở" NEAR/5 "Định Hóa" NOT "diễn tập"'
)


def _choices(field: str) -> list[tuple[str, Any]]:
    return [("", _("Tất cả")), *LABEL_NAMES[field].items()]


class AlertRuleForm(forms.ModelForm[AlertRule]):
    unit_code = forms.ChoiceField(label=_("Xã, phường"), required=False)
    sector = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    polarity = forms.ChoiceField(label=_("Chiều hướng tin"), required=False)

    class Meta:
        model = AlertRule
        fields = [
            "name", "organisation", "kind", "query", "unit_code", "sector", "polarity", "toxicity", "misinfo_min",
            "outlet", "relevant_only", "min_outlets", "spike_window", "spike_threshold", "spike_min_count",
            "notify_in_app", "notify_email", "email_recipients", "notify_webhook", "webhook_url", "quiet_start",
            "quiet_end", "priority", "is_active",
        ]  # fmt: skip
        widgets = {
            "query": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            "email_recipients": forms.Textarea(attrs={"rows": 2}),
            "quiet_start": forms.TimeInput(format="%H:%M", attrs={"placeholder": "22:00", "size": 5}),
            "quiet_end": forms.TimeInput(format="%H:%M", attrs={"placeholder": "06:00", "size": 5}),
        }
        help_texts = {
            "query": QUERY_HELP,
            "email_recipients": _("Nhiều địa chỉ cách nhau bằng dấu phẩy."),
            "webhook_url": _("Nhận một yêu cầu POST JSON cho mỗi cảnh báo (nối với bot Zalo, Telegram…)."),
            "quiet_start": _("Trong giờ yên lặng không gửi thư, webhook; gửi khi hết giờ yên lặng."),
            "misinfo_min": _("Từ 0 đến 1."),
        }

    def __init__(self, *args: Any, province_wide: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = AdministrativeUnit.objects.order_by("short_name").values_list("code", "name")
        choices = {
            "unit_code": [("", _("Tất cả")), *((f"{code:05d}", name) for code, name in units)],
            "sector": _choices("sector"),
            "polarity": _choices("polarity"),
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
            field.choices = values
        if not province_wide:
            # An agency officer's rules always belong to their organisation (the service enforces it too).
            del self.fields["organisation"]

    def clean_misinfo_min(self) -> float | None:
        value: float | None = self.cleaned_data.get("misinfo_min")
        if value is not None and not 0 <= value <= 1:
            raise forms.ValidationError(_("Nhập một số từ 0 đến 1."))
        return value
