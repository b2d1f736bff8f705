"""Forms of the case pages: they parse and check the input (dates dd/mm/yyyy, URLs); the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.models import User
from lantoa.cases.models import AttachmentKind, Outcome, Platform
from lantoa.org.models import Organisation

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]


def _datetime(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
        help_text=_("Dạng dd/mm/yyyy hh:mm, giờ Việt Nam."),
    )  # fmt: skip


def _text(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class PageForm(forms.Form):
    """Several forms share one page and some field names ("note"): each class gets its own element ids."""

    id_prefix = "case"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class OpenForm(PageForm):
    id_prefix = "open"
    title = forms.CharField(label=_("Tiêu đề vụ việc"), max_length=500, required=False,
                            help_text=_("Để trống: lấy tiêu đề của tin."))  # fmt: skip
    reason = _text(_("Lý do mở vụ việc"), required=False)


class VerificationForm(PageForm):
    id_prefix = "verification"
    note = _text(_("Nội dung xác minh"), rows=4)
    sources = _text(_("Nguồn đối chiếu (địa chỉ hoặc văn bản, mỗi dòng một nguồn)"), required=False)

    def source_lines(self) -> list[str]:
        return str(self.cleaned_data.get("sources", "")).splitlines()


class AttachmentForm(PageForm):
    id_prefix = "attachment"
    file = forms.FileField(label=_("Tệp (ảnh PNG, JPEG, WebP hoặc PDF)"))
    kind = forms.ChoiceField(label=_("Loại"), choices=AttachmentKind.choices, initial=AttachmentKind.EVIDENCE)
    description = forms.CharField(label=_("Mô tả"), max_length=500, required=False)


class OutcomeForm(PageForm):
    id_prefix = "outcome"
    outcome = forms.ChoiceField(label=_("Kết luận"), choices=Outcome.choices)
    note = _text(_("Căn cứ kết luận"))


class CorrectionForm(PageForm):
    id_prefix = "correction"
    text = _text(_("Nội dung cải chính"))
    channel = forms.CharField(label=_("Đăng ở đâu"), max_length=300,
                              help_text=_("Ví dụ: Cổng thông tin điện tử tỉnh, trang Facebook của Sở."))  # fmt: skip
    published_at = _datetime(_("Đăng lúc"))
    url = forms.URLField(label=_("Địa chỉ bài cải chính"), max_length=2000, required=False)


class PlatformRequestForm(PageForm):
    id_prefix = "platform"
    platform = forms.ChoiceField(label=_("Nền tảng"), choices=Platform.choices)
    request = _text(_("Nội dung đề nghị (gỡ bỏ, gắn nhãn, chặn…)"))
    sent_at = _datetime(_("Gửi lúc"))
    reply = _text(_("Phản hồi (nếu đã có)"), required=False, rows=2)


class PlatformReplyForm(PageForm):
    id_prefix = "reply"
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    reply = _text(_("Phản hồi của nền tảng"), rows=2)
    replied_at = _datetime(_("Phản hồi lúc"), required=False)


class ReferralForm(PageForm):
    id_prefix = "referral"
    note = _text(_("Đề nghị gửi Công an tỉnh"), required=False)


class CloseForm(PageForm):
    id_prefix = "close"
    note = _text(_("Ghi chú khi đóng"), required=False, rows=2)


class MemberForm(PageForm):
    id_prefix = "member"
    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        if not isinstance(field, forms.ModelChoiceField):  # for the type checker; the class above declares it
            raise TypeError(field)
        # Users without a role never see a case, so they are not offered.
        field.queryset = User.objects.filter(is_active=True, groups__isnull=False).distinct().order_by("username")


class OrganisationForm(PageForm):
    id_prefix = "organisation"
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"), queryset=Organisation.objects.filter(is_active=True).order_by("sort_order", "name")
    )
