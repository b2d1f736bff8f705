"""Forms parse and label the input; the rules (scope, chain, limits) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import scoped_organisation_ids
from lantoa.campaigns.channels import Channel
from lantoa.campaigns.models import Platform
from lantoa.org.models import Organisation

DATE_FORMATS = ["%d/%m/%Y"]


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )  # fmt: skip


def organisations_for(user: User) -> Any:
    organisations = Organisation.objects.filter(is_active=True)
    scope = scoped_organisation_ids(user)
    return organisations if scope is None else organisations.filter(pk__in=scope)


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Tên chiến dịch"), max_length=300)
    organisation = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), queryset=Organisation.objects.none())
    policy = forms.CharField(label=_("Chính sách, chủ đề"), max_length=500, required=False)
    consultation = forms.ModelChoiceField(
        label=_("Dự thảo đã lấy ý kiến (nếu có)"), queryset=Organisation.objects.none(), required=False
    )
    goals = forms.CharField(label=_("Mục tiêu"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    audience = forms.CharField(label=_("Đối tượng"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    messages = forms.CharField(label=_("Thông điệp chính"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    channels = forms.MultipleChoiceField(
        label=_("Kênh truyền thông"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lantoa.consultation.models import Consultation

        organisations = organisations_for(user)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["consultation"].queryset = Consultation.objects.filter(  # type: ignore[attr-defined]
            organisation__in=organisations
        ).order_by("-id")


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 8}))
    title_en = forms.CharField(label=_("Tiêu đề tiếng Anh (không bắt buộc)"), max_length=300, required=False)
    body_en = forms.CharField(
        label=_("Nội dung tiếng Anh (không bắt buộc)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    planned_on = _date(_("Ngày dự kiến"), required=False)
    note = forms.CharField(label=_("Ghi chú sửa đổi"), max_length=500, required=False)


class VariantForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    # No max_length here: the channel's limit is checked by the service, with a message naming the channel.
    body = forms.CharField(label=_("Nội dung theo kênh"), widget=forms.Textarea(attrs={"rows": 5}))
    scheduled_on = _date(_("Ngày đăng dự kiến"), required=False)


class ManualPublicationForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.choices)
    where = forms.CharField(label=_("Nơi đăng (tên báo, trang, xã…)"), max_length=300, required=False)
    url = forms.CharField(label=_("Liên kết"), max_length=2000, required=False)
    published_on = _date(_("Ngày đăng"), required=False)


class ConnectorPublicationForm(forms.Form):
    channel = forms.ChoiceField(label=_("Nền tảng"), choices=Platform.choices)
    link = forms.CharField(label=_("Liên kết kèm bài (không bắt buộc)"), max_length=2000, required=False)
    media_url = forms.CharField(label=_("Liên kết ảnh bìa / video"), max_length=2000, required=False)


class CredentialForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Organisation.objects.none())
    platform = forms.ChoiceField(label=_("Nền tảng"), choices=Platform.choices)
    account_id = forms.CharField(label=_("Mã trang / tài khoản"), max_length=200)
    # Write-only: never pre-filled (render_value=False), left empty to keep the stored token.
    token = forms.CharField(
        label=_("Mã truy cập (để trống: giữ mã đã lưu)"), required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)  # type: ignore[attr-defined]
