"""Press orders (đặt hàng, giao nhiệm vụ cho cơ quan báo chí) and the policy-communication budget (plan II.6, IV.5).

An organisation orders policy-communication products (articles, reports, programmes, series …) from a press agency
(``org.Outlet``), charged to one of its budget lines for the year. The order's amount is quantity × unit price in
whole đồng. Products are delivered one by one (``Delivery``: title, date, link, ideally the published monitoring
``Item``); an officer accepts each delivery (nghiệm thu), and the accepted quantity × unit price is what is spent.
Other campaign costs are ``Expense`` rows on the same budget lines.

Money is an integer number of đồng (VND has no minor unit in practice); no floats anywhere.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BudgetLine(models.Model):
    """The amount an organisation may spend on policy communication in a year (one line per source of funds)."""

    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên dòng kinh phí"), max_length=200)
    code = models.CharField(_("mã, mục lục ngân sách"), max_length=60, blank=True)
    amount = models.PositiveBigIntegerField(_("kinh phí được giao (đồng)"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("dòng kinh phí truyền thông")
        verbose_name_plural = _("dòng kinh phí truyền thông")
        ordering = ["-year", "organisation__sort_order", "organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "name"], name="orders_budget_line_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ProductKind(models.TextChoices):
    ARTICLE = "article", _("Tin, bài viết")
    REPORT = "report", _("Phóng sự")
    PROGRAMME = "programme", _("Chương trình phát thanh, truyền hình")
    SERIES = "series", _("Loạt bài")
    COLUMN = "column", _("Chuyên trang, chuyên mục")
    VIDEO = "video", _("Video, clip")
    INFOGRAPHIC = "infographic", _("Infographic, ảnh")
    OTHER = "other", _("Sản phẩm khác")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã đặt hàng")
    DELIVERING = "delivering", _("Đang thực hiện")
    ACCEPTED = "accepted", _("Đã nghiệm thu toàn bộ")
    PARTLY_ACCEPTED = "partly", _("Đã nghiệm thu một phần")
    CLOSED = "closed", _("Đã thanh lý")
    CANCELLED = "cancelled", _("Đã hủy")


# The order holds its whole amount on the budget line while work is under way; once accepted (fully or partly) or
# closed, only the accepted amount stays charged and the rest is released. Drafts and cancelled orders hold nothing.
OPEN_STATUSES = (OrderStatus.ISSUED, OrderStatus.DELIVERING)
SETTLED_STATUSES = (OrderStatus.ACCEPTED, OrderStatus.PARTLY_ACCEPTED, OrderStatus.CLOSED)


class Order(models.Model):
    number = models.CharField(
        _("số văn bản đặt hàng, hợp đồng"), max_length=60, blank=True, help_text=_("Ví dụ: 15/HĐ-SYT.")
    )
    title = models.CharField(_("nội dung đặt hàng"), max_length=300)
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("cơ quan đặt hàng"), on_delete=models.PROTECT, related_name="press_orders"
    )
    outlet = models.ForeignKey(
        "org.Outlet", verbose_name=_("cơ quan báo chí"), on_delete=models.PROTECT, related_name="press_orders"
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng kinh phí"), on_delete=models.PROTECT, related_name="orders"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("chiến dịch truyền thông"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="press_orders",
    )  # fmt: skip
    policy = models.CharField(_("chính sách, chủ đề tuyên truyền"), max_length=300, blank=True)
    product_kind = models.CharField(_("loại sản phẩm"), max_length=12, choices=ProductKind.choices)
    quantity = models.PositiveIntegerField(_("số lượng"))
    unit_price = models.PositiveBigIntegerField(_("đơn giá (đồng)"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    # The dates products are due (ISO strings), inside the period; empty when the order says "during the period".
    delivery_dates = models.JSONField(_("ngày giao sản phẩm"), default=list, blank=True)
    keywords = models.CharField(
        _("từ khóa nhận diện tin bài"), max_length=300, blank=True,
        help_text=_("Dùng để gợi ý tin bài đã đăng khớp với sản phẩm giao, cách nhau bằng dấu phẩy."),
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    acceptance_note = models.TextField(_("ý kiến nghiệm thu"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    issued_at = models.DateTimeField(_("đặt hàng lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("nghiệm thu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thanh lý lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đặt hàng báo chí")
        verbose_name_plural = _("đặt hàng báo chí")
        ordering = ["-starts_on", "-id"]
        permissions = [
            ("accept_order", _("Nghiệm thu sản phẩm đặt hàng báo chí")),
            ("close_order", _("Thanh lý, hủy đặt hàng báo chí")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="orders_order_period_ordered"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_order_quantity_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"DH-{self.pk}"

    @property
    def amount(self) -> int:
        return int(self.quantity) * int(self.unit_price)

    @property
    def delivery_days(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.delivery_dates]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ nghiệm thu")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    REJECTED = "rejected", _("Không đạt")


class Delivery(models.Model):
    """A product the press agency delivered under an order; linked to the published item monitoring found."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="deliveries")
    title = models.CharField(_("tên sản phẩm, tiêu đề tin bài"), max_length=500)
    delivered_on = models.DateField(_("ngày đăng, phát sóng"))
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    item = models.ForeignKey(
        "monitoring.Item", verbose_name=_("tin bài theo dõi được"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("nghiệm thu"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    accepted_quantity = models.PositiveIntegerField(_("số lượng nghiệm thu"), default=0)
    # Quantity × the order's unit price at acceptance, kept so that a spending report never recomputes history.
    accepted_amount = models.PositiveBigIntegerField(_("giá trị nghiệm thu (đồng)"), default=0)
    note = models.TextField(_("ý kiến"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("nghiệm thu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("sản phẩm bàn giao")
        verbose_name_plural = _("sản phẩm bàn giao")
        ordering = ["delivered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_quantity__lte=F("quantity")), name="orders_delivery_accepted_within_delivered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Expense(models.Model):
    """Another cost of policy communication charged to a budget line (printing, events, a campaign's leaflets)."""

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng kinh phí"), on_delete=models.PROTECT, related_name="expenses"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("chiến dịch truyền thông"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    description = models.CharField(_("nội dung chi"), max_length=300)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    spent_on = models.DateField(_("ngày chi"))
    document = models.CharField(_("chứng từ"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("khoản chi khác")
        verbose_name_plural = _("khoản chi khác")
        ordering = ["-spent_on", "-id"]

    def __str__(self) -> str:
        return self.description


class EventAction(models.TextChoices):
    CREATE = "create", _("Lập đặt hàng")
    EDIT = "edit", _("Sửa đặt hàng")
    ISSUE = "issue", _("Đặt hàng")
    DELIVER = "deliver", _("Ghi nhận sản phẩm bàn giao")
    LINK = "link", _("Liên kết tin bài theo dõi")
    ACCEPT_DELIVERY = "accept_item", _("Nghiệm thu sản phẩm")
    REJECT_DELIVERY = "reject_item", _("Sản phẩm không đạt")
    ACCEPT = "accept", _("Nghiệm thu đặt hàng")
    CLOSE = "close", _("Thanh lý")
    CANCEL = "cancel", _("Hủy đặt hàng")


class OrderEvent(models.Model):
    """One line of an order's timeline."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=12, choices=EventAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=OrderStatus.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến đặt hàng")
        verbose_name_plural = _("diễn biến đặt hàng")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
