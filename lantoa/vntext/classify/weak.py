"""Weak supervision for the news heads that have no public labelled data (polarity, 14 sectors): keyword labelling
functions over title, lead and the start of the body. They label the shared news corpus; a linear head is trained
on those weak labels; both are scored on our hand-labelled dev set (tests/data/news-labels). Honest about it: the
keyword rules are written from the definitions in tests/data/news-labels/RULES.md, not fitted to the dev labels.
"""

from __future__ import annotations

import re
from collections import Counter

from lantoa.vntext.normalize import clean_text

NEGATIVE = (
    "tai nạn", "tử vong", "thiệt mạng", "tử nạn", "chết", "cháy", "hỏa hoạn", "lũ quét", "sạt lở", "ngập lụt",
    "thiệt hại", "bắt giữ", "bắt tạm giam", "tạm giữ", "khởi tố", "truy tố", "bị cáo", "lừa đảo", "ma túy",
    "tham nhũng", "sai phạm", "vi phạm", "ô nhiễm", "dịch bệnh", "ngộ độc", "thua lỗ", "khiếu nại", "tố cáo",
    "bức xúc", "cướp", "giết", "đâm chém", "trộm", "hiếp dâm", "buôn lậu", "đánh bạc", "kỷ luật", "thất thoát",
    "sập", "rò rỉ", "xâm hại", "bạo hành", "mất tích", "nổ", "va chạm", "tông", "đuối nước", "nợ", "lãng phí",
    "yếu kém", "sai sót", "gian lận", "hàng giả", "trục lợi", "nghi phạm", "đối tượng", "tội phạm", "án mạng",
)  # fmt: skip
POSITIVE = (
    "khánh thành", "khai trương", "đạt giải", "huy chương", "vô địch", "tăng trưởng", "thu hút đầu tư", "kỷ lục",
    "trao tặng", "ủng hộ", "thành công", "hoàn thành", "xuất sắc", "nông thôn mới", "vinh danh", "khen thưởng",
    "tôn vinh", "đón nhận", "cải thiện", "giảm nghèo", "hiệu quả", "tích cực", "đột phá", "nâng cao", "ấn tượng",
    "chiến thắng", "giành", "tặng quà", "trao học bổng", "hỗ trợ", "phát triển mạnh", "đi vào hoạt động", "bàn giao",
)  # fmt: skip
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "security": ("công an", "cảnh sát", "tai nạn", "cháy", "bắt giữ", "nghi phạm", "đối tượng", "quân đội",
                 "biên phòng", "ma túy", "cướp", "trộm", "án mạng", "va chạm", "tông", "đuối nước", "khởi tố"),
    "justice": ("tòa án", "xét xử", "phiên tòa", "viện kiểm sát", "luật sư", "bị cáo", "bản án", "tuyên án",
                "phúc thẩm", "sơ thẩm", "thi hành án", "luật"),
    "government": ("ubnd", "chính phủ", "thủ tướng", "quốc hội", "bổ nhiệm", "tỉnh ủy", "bộ chính trị", "cán bộ",
                   "đảng", "đại biểu", "hội đồng nhân dân", "hđnd", "bộ trưởng", "chủ tịch", "cải cách hành chính"),
    "economy": ("doanh nghiệp", "ngân hàng", "giá", "thị trường", "xuất khẩu", "cổ phiếu", "lãi suất", "kinh doanh",
                "tỷ đồng", "đầu tư", "thuế", "vàng", "xăng", "chứng khoán", "công ty"),
    "agriculture-environment": ("nông dân", "lúa", "chăn nuôi", "thủy sản", "rừng", "môi trường", "ô nhiễm",
                                "thiên tai", "lũ", "mưa", "nắng nóng", "rét", "nông nghiệp", "cây trồng", "đất đai"),
    "health": ("bệnh viện", "bác sĩ", "bệnh nhân", "dịch", "vắc xin", "y tế", "sức khỏe", "điều trị", "thuốc",
               "ngộ độc", "phẫu thuật"),
    "education": ("học sinh", "trường", "giáo viên", "kỳ thi", "đại học", "sinh viên", "giáo dục", "tuyển sinh",
                  "thi thpt", "học phí"),
    "culture-sports-tourism": ("lễ hội", "du lịch", "bóng đá", "đội tuyển", "giải đấu", "di tích", "văn hóa",
                               "trận", "cầu thủ", "hlv", "v-league", "du khách", "di sản"),
    "transport-construction": ("giao thông", "cầu", "cao tốc", "quy hoạch", "xây dựng", "nhà ở", "bất động sản",
                               "dự án", "đường sắt", "sân bay", "chung cư", "tuyến đường"),
    "labour-social": ("lao động", "việc làm", "tiền lương", "bảo hiểm xã hội", "hộ nghèo", "trẻ em", "công nhân",
                      "người cao tuổi", "an sinh", "xuất khẩu lao động", "trợ cấp"),
    "science-technology": ("công nghệ", "điện thoại", "internet", "smartphone", "khoa học", "phần mềm", "apple",
                           "samsung", "iphone", "ứng dụng", "mạng xã hội", "facebook", "trí tuệ nhân tạo"),
    "world": ("mỹ", "trung quốc", "nga", "triều tiên", "tổng thống", "quốc tế", "thế giới", "nhật bản", "hàn quốc",
              "châu âu", "is ", "syria", "anh quốc"),
    "entertainment-lifestyle": ("ca sĩ", "diễn viên", "hoa hậu", "showbiz", "phim", "người mẫu", "sao việt",
                                "mv", "thời trang", "người đẹp", "đám cưới", "hot girl", "clip"),
}  # fmt: skip

_COMPILED = {
    name: re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b")
    for name, words in {"neg": NEGATIVE, "pos": POSITIVE, **SECTOR_WORDS}.items()
}


def _counts(title: str, lead: str, body: str) -> Counter[str]:
    """Keyword hits per label: the title and lead weigh three times the first 800 characters of the body."""
    heading = clean_text(f"{title} {lead}").lower()
    start = clean_text(body[:800]).lower()
    counts: Counter[str] = Counter()
    for name, pattern in _COMPILED.items():
        counts[name] = 3 * len(pattern.findall(heading)) + len(pattern.findall(start))
    return counts


def weak_polarity(title: str, lead: str, body: str) -> str | None:
    counts = _counts(title, lead, body)
    negative, positive = counts["neg"], counts["pos"]
    if negative >= 3 and negative > 2 * positive:
        return "neg"
    if positive >= 3 and positive > 2 * negative:
        return "pos"
    if negative == 0 and positive <= 1:
        return "neu"
    return None  # abstain


def weak_sector(title: str, lead: str, body: str) -> str | None:
    counts = _counts(title, lead, body)
    ranked = sorted(SECTOR_WORDS, key=lambda name: counts[name], reverse=True)
    best, second = ranked[0], ranked[1]
    if counts[best] >= 3 and counts[best] >= 2 * counts[second]:
        return best
    return None  # abstain
