"""The organisation registry: the province's bodies, its 92 communes/wards, the former names the press still
uses, press outlets and people (spokespersons among them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.vntext.normalize import fold


class OrganisationKind(models.TextChoices):
    PROVINCE = "province", _("UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    PARTY = "party", _("Cơ quan Đảng")
    MASS = "mass", _("Mặt trận, đoàn thể, hội")
    MEDIA = "media", _("Cơ quan báo chí, thông tin của tỉnh")
    COMMUNE = "commune", _("UBND xã, phường")
    OTHER = "other", _("Khác")


class DivisionType(models.TextChoices):
    WARD = "phuong", _("Phường")
    COMMUNE = "xa", _("Xã")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class AdministrativeUnit(models.Model):
    """A commune-level unit (xã, phường) of the province since 1 July 2025, with its official code."""

    code = models.PositiveIntegerField(_("mã đơn vị hành chính"), unique=True)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100, help_text=_("Tên không kèm “Xã”, “Phường”."))
    division_type = models.CharField(_("loại"), max_length=10, choices=DivisionType.choices)
    codename = models.CharField(_("mã tên"), max_length=120)
    province_code = models.PositiveIntegerField(_("mã tỉnh"))
    # Accent-folded name for accent-insensitive lookup ("phu binh" finds "Phú Bình").
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        ordering = ["division_type", "short_name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.short_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def code_display(self) -> str:
        """The official code as published: five digits with leading zeros."""
        return f"{self.code:05d}"


class FormerUnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh (cũ)")
    CITY = "thanh_pho", _("Thành phố thuộc tỉnh (cũ)")
    TOWN = "thi_xa", _("Thị xã (cũ)")
    DISTRICT = "huyen", _("Huyện (cũ)")
    WARD = "phuong", _("Phường (cũ)")
    COMMUNE = "xa", _("Xã (cũ)")
    TOWNLET = "thi_tran", _("Thị trấn (cũ)")


DISTRICT_LEVEL_KINDS = (FormerUnitKind.CITY, FormerUnitKind.TOWN, FormerUnitKind.DISTRICT)


class FormerUnit(models.Model):
    """A unit that no longer exists but that the press still names: the former province Bắc Kạn, the 17 former
    districts, the 280 former communes and wards. Each maps to the current units that replaced it."""

    slug = models.SlugField(_("mã"), max_length=60, unique=True)
    gso_code = models.PositiveIntegerField(_("mã thống kê cũ"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=100, help_text=_("Tên riêng, ví dụ “Phú Bình”."))
    kind = models.CharField(_("loại"), max_length=12, choices=FormerUnitKind.choices)
    former_province = models.CharField(_("thuộc tỉnh (cũ)"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc huyện (cũ)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    successors = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị hiện nay thay thế"), related_name="former_units", blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("địa danh cũ")
        verbose_name_plural = _("địa danh cũ")
        ordering = ["former_province", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Organisation(models.Model):
    code = models.SlugField(_("mã"), max_length=80, unique=True, help_text=_("Mã cố định, không đổi khi đổi tên."))
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    commune = models.OneToOneField(
        AdministrativeUnit,
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    website = models.URLField(_("trang thông tin điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=1000)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class OutletScope(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCIAL = "provincial", _("Địa phương (tỉnh)")
    OTHER_PROVINCE = "other_province", _("Địa phương khác")
    SOCIAL = "social", _("Mạng xã hội")


class Outlet(models.Model):
    """A press outlet. Its feeds and polling are the monitoring app's concern; here it is a name and a domain."""

    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    scope = models.CharField(_("phạm vi"), max_length=20, choices=OutletScope.choices)
    website = models.URLField(_("trang chủ"), blank=True)
    domain = models.CharField(_("tên miền"), max_length=120, blank=True, db_index=True)
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan trong tỉnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlets",
        help_text=_("Với cơ quan báo chí của tỉnh."),
    )
    is_active = models.BooleanField(_("đang theo dõi"), default=True)

    class Meta:
        verbose_name = _("cơ quan báo chí")
        verbose_name_plural = _("cơ quan báo chí")
        ordering = ["scope", "name"]

    def __str__(self) -> str:
        return self.name


class SpokespersonBasis(models.TextChoices):
    """Decree 09/2017 art. 2: the head of the body speaks for it, or a person the head assigns in writing (a deputy
    at a department, the chair of a commune People's Committee at commune level)."""

    HEAD = "head", _("Người đứng đầu cơ quan")
    ASSIGNED = "assigned", _("Người được giao bằng văn bản")


class Person(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_spokesperson = models.BooleanField(
        _("người phát ngôn"), default=False, help_text=_("Người phát ngôn của cơ quan (Nghị định 09/2017/NĐ-CP).")
    )
    spokesperson_basis = models.CharField(
        _("căn cứ phát ngôn"),
        max_length=10,
        choices=SpokespersonBasis.choices,
        default=SpokespersonBasis.HEAD,
        help_text=_("Người phát ngôn là người đứng đầu, hay người được giao bằng văn bản (cần số, ngày văn bản)."),
    )
    is_information_provider = models.BooleanField(
        _("được giao cung cấp thông tin"),
        default=False,
        help_text=_("Người được giao phát ngôn, cung cấp thông tin cho báo chí (ngoài người phát ngôn)."),
    )
    # The provincial network of policy communicators (plan II.4): the people each organisation assigns to its
    # communication work, beyond the spokesperson; their position is ``title``.
    is_communicator = models.BooleanField(
        _("cán bộ làm công tác truyền thông chính sách"),
        default=False,
        help_text=_("Thuộc mạng lưới truyền thông chính sách của tỉnh."),
    )
    communication_duties = models.TextField(
        _("nhiệm vụ truyền thông"),
        blank=True,
        help_text=_("Ví dụ: quản trị trang thông tin, viết tin bài, theo dõi dư luận."),
    )
    authorisation_number = models.CharField(
        _("số văn bản giao nhiệm vụ"), max_length=60, blank=True, help_text=_("Ví dụ: 125/QĐ-SYT.")
    )
    authorisation_date = models.DateField(_("ngày văn bản giao nhiệm vụ"), null=True, blank=True)
    confirmed_on = models.DateField(
        _("xác nhận lần cuối"),
        null=True,
        blank=True,
        help_text=_("Ngày cơ quan xác nhận thông tin còn đúng; quá 12 tháng là cần cập nhật."),
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Ghi chú nội bộ, không công bố."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["organisation__sort_order", "organisation__name", "-is_spokesperson", "full_name"]
        constraints = [
            # Decree 09/2017: one spokesperson per body (the head, or a deputy authorised in writing).
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_spokesperson=True),
                name="org_one_spokesperson_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.is_spokesperson and self.spokesperson_basis == SpokespersonBasis.ASSIGNED:
            errors = {}
            if not self.authorisation_number.strip():
                errors["authorisation_number"] = _("Người được giao phát ngôn cần số văn bản giao nhiệm vụ.")
            if self.authorisation_date is None:
                errors["authorisation_date"] = _("Người được giao phát ngôn cần ngày của văn bản giao nhiệm vụ.")
            if errors:
                raise ValidationError(errors)

    @property
    def in_registry(self) -> bool:
        """Listed in the spokesperson registry: the spokesperson or a person authorised to inform the press."""
        return self.is_active and (self.is_spokesperson or self.is_information_provider)
