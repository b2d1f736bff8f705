"""Display names of the labels the classifier heads give items (one place: pages, digests, alerts)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

LABEL_NAMES = {
    "polarity": {"neg": gettext_lazy("Tiêu cực"), "neu": gettext_lazy("Trung tính"), "pos": gettext_lazy("Tích cực")},
    "toxicity": {
        "clean": gettext_lazy("Bình thường"),
        "offensive": gettext_lazy("Xúc phạm"),
        "hate": gettext_lazy("Thù ghét"),
    },
    "relevant": {"yes": gettext_lazy("Có"), "no": gettext_lazy("Không")},
    "sector": {
        "government": gettext_lazy("Quản lý nhà nước"),
        "security": gettext_lazy("An ninh, trật tự"),
        "economy": gettext_lazy("Kinh tế"),
        "agriculture-environment": gettext_lazy("Nông nghiệp, môi trường"),
        "health": gettext_lazy("Y tế"),
        "education": gettext_lazy("Giáo dục"),
        "culture-sports-tourism": gettext_lazy("Văn hóa, thể thao, du lịch"),
        "transport-construction": gettext_lazy("Giao thông, xây dựng"),
        "labour-social": gettext_lazy("Lao động, xã hội"),
        "science-technology": gettext_lazy("Khoa học, công nghệ"),
        "justice": gettext_lazy("Tư pháp"),
        "world": gettext_lazy("Quốc tế"),
        "entertainment-lifestyle": gettext_lazy("Giải trí, đời sống"),
        "other": gettext_lazy("Khác"),
    },
}
