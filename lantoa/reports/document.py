"""A periodic report as a Word document (Decree 30/2020 format, ``lantoa.core.docx30``) and as the blocks the detail
page shows; both come from ``blocks``, so the page and the document cannot disagree.

The document is in Vietnamese whatever the reader's interface language: it is an official document of a Vietnamese
body, so its words are written here, not translated.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lantoa.core.docx30 import Header, OfficialDocument, Recipients, Signature
from lantoa.reports.periods import Period

ADDRESSEES = ("Ủy ban nhân dân tỉnh", "Bộ Văn hóa, Thể thao và Du lịch")
POLARITY_NAMES = {"pos": "Tích cực", "neu": "Trung tính", "neg": "Tiêu cực", "": "Chưa gán nhãn"}
OUTPUT_NAMES = {
    "radio_wav": "Bản tin phát thanh (âm thanh)",
    "radio_script": "Kịch bản phát thanh",
    "led_png": "Trang trình chiếu màn hình LED",
    "leaflet_pdf": "Tờ gấp",
}
KIND_NAMES = {"department": "Sở, ban, ngành tỉnh", "commune": "UBND xã, phường"}


@dataclass
class Table:
    headings: list[str]
    rows: list[list[str]]
    widths: list[float]  # cm, summing to at most 16.5 (the text width between Decree 30 margins)


@dataclass
class Block:
    """One numbered part of "I. Kết quả đạt được": a heading, sentences, tables, maybe the monthly chart."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: bool = False


@dataclass
class Texts:
    intro: str = ""
    shortcomings: str = ""
    directions: str = ""


def period_of(figures: dict[str, Any]) -> Period:
    data = figures["period"]
    return Period(data["kind"], int(data["year"]), int(data["quarter"]))


def title(period: Period) -> str:
    return f"BÁO CÁO KẾT QUẢ CÔNG TÁC THÔNG TIN, TUYÊN TRUYỀN CHÍNH SÁCH {period.label.upper()}"


def number_line(number: int) -> str:
    """ "Số: 05/BC-SVHTTDL"; blanks for a draft's number."""
    shown = f"{number:02d}" if number else " " * 6
    return f"Số: {shown}/BC-{settings.DIGEST_BODY_ABBREVIATION}"


def num(value: int | None) -> str:
    """1234567 → "1.234.567" (Vietnamese digit grouping)."""
    return "—" if value is None else f"{value:,}".replace(",", ".")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def month_name(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"Tháng {day.month}/{day.year}"


def default_intro(period: Period) -> str:
    return (
        f"Sở Văn hóa, Thể thao và Du lịch báo cáo kết quả công tác thông tin, tuyên truyền chính sách "
        f"{period.label} (từ ngày {period.first_day:%d/%m/%Y} đến ngày {period.last_day:%d/%m/%Y}) như sau:"
    )


def suggested_shortcomings(figures: dict[str, Any]) -> str:
    """A starting point for "Tồn tại, hạn chế", one line per weak figure; the officer rewrites it."""
    lines = []
    press = figures["press"]["total"]
    if press["answered"] and press["answered"] > press["on_time"]:
        lines.append(f"- Còn {press['answered'] - press['on_time']} yêu cầu trả lời báo chí trả lời quá hạn luật định.")
    if press["overdue"]:
        lines.append(f"- Còn {press['overdue']} yêu cầu trả lời báo chí đang quá hạn chưa trả lời.")
    for kind in figures["spokespersons"]["kinds"]:
        if kind["missing"]:
            lines.append(f"- {kind['missing']} đơn vị ({kind['label']}) chưa có người phát ngôn.")
        if kind["stale"]:
            lines.append(f"- {kind['stale']} đơn vị ({kind['label']}) có thông tin người phát ngôn chưa cập nhật.")
    if figures["tasks"]["totals"]["late"]:
        lines.append(f"- {figures['tasks']['totals']['late']} lượt nhiệm vụ theo kế hoạch chưa hoàn thành đúng hạn.")
    for label in figures["briefings"]["quarters_without"]:
        lines.append(f"- {label}: UBND tỉnh chưa tổ chức họp báo định kỳ.")
    return "\n".join(lines)


def blocks(figures: dict[str, Any]) -> list[Block]:
    with translation.override("vi"):
        return [
            _monitoring(figures["monitoring"]),
            _digests(figures["digests"]),
            _press(figures["press"]),
            _spokespersons(figures["spokespersons"]),
            _consultation(figures["consultation"]),
            _campaigns(figures["campaigns"]),
            _tasks(figures["tasks"]),
            _training(figures["training"]),
            _briefings(figures["briefings"]),
        ]


def _monitoring(data: dict[str, Any]) -> Block:
    totals = data["totals"]
    block = Block("1. Theo dõi thông tin trên báo chí, mạng xã hội", chart=True)
    block.paragraphs.append(
        f"Trong kỳ, hệ thống ghi nhận {num(totals['items'])} tin, bài liên quan đến tỉnh, thuộc "
        f"{num(totals['stories'])} sự kiện tin; trong đó tích cực {num(totals['pos'])}, trung tính "
        f"{num(totals['neu'])}, tiêu cực {num(totals['neg'])}, chưa gán nhãn {num(totals[''])}."
    )
    keys = ("items", "stories", "pos", "neu", "neg", "")
    rows = [[month_name(m["month"]), *(num(m[k]) for k in keys)] for m in data["months"]]
    rows.append(["Cộng", *(num(totals[k]) for k in keys)])
    block.tables.append(Table(
        ["Tháng", "Tin, bài", "Sự kiện tin", "Tích cực", "Trung tính", "Tiêu cực", "Chưa gán nhãn"], rows,
        [3.0, 2.1, 2.3, 2.1, 2.3, 2.1, 2.5],
    ))  # fmt: skip
    sector_rows = [[row["name"], num(row["items"])] for row in data["top_sectors"]]
    sector_rows.append(["Các lĩnh vực khác, chưa gán nhãn", num(data["other_sectors"])])
    sector_rows.append(["Cộng", num(totals["items"])])
    block.tables.append(Table(["Lĩnh vực (nhiều tin nhất)", "Tin, bài"], sector_rows, [10.0, 4.0]))
    return block


def _digests(data: dict[str, Any]) -> Block:
    return Block(
        "2. Điểm tin báo chí",
        [f"Phát hành {num(data['total'])} bản điểm tin báo chí phục vụ lãnh đạo tỉnh và các cơ quan, đơn vị."],
        [Table(["Loại điểm tin", "Số bản đã phát hành"],
               [["Điểm tin ngày", num(data["daily"])], ["Điểm tin tuần", num(data["weekly"])],
                ["Cộng", num(data["total"])]], [10.0, 4.0])],
    )  # fmt: skip


def _press(data: dict[str, Any]) -> Block:
    total = data["total"]
    block = Block("3. Trả lời, cung cấp thông tin cho báo chí (Điều 43 Luật Báo chí)")
    block.paragraphs.append(
        f"Các cơ quan, đơn vị nhận {num(total['received'])} yêu cầu trả lời báo chí; đã trả lời "
        f"{num(total['answered'])} yêu cầu, trong đó {num(total['on_time'])} yêu cầu trả lời đúng hạn (tỷ lệ "
        f"{percent(total['rate'])}); còn {num(total['open'])} yêu cầu đang xử lý, trong đó {num(total['overdue'])} "
        f"yêu cầu quá hạn."
    )
    rows = [[row["name"], num(row["received"]), num(row["answered"]), num(row["on_time"]), percent(row["rate"]),
             num(row["open"])] for row in [*data["organisations"], {**total, "name": "Tổng cộng"}]]  # fmt: skip
    block.tables.append(Table(
        ["Cơ quan chủ trì", "Yêu cầu nhận", "Đã trả lời", "Đúng hạn", "Tỷ lệ đúng hạn", "Đang xử lý"], rows,
        [5.5, 2.1, 2.1, 2.1, 2.4, 2.1],
    ))  # fmt: skip
    return block


def _spokespersons(data: dict[str, Any]) -> Block:
    block = Block("4. Người phát ngôn, cung cấp thông tin cho báo chí (Nghị định 09/2017/NĐ-CP)")
    rows = [[row["label"], num(row["total"]), num(row["with"]), num(row["missing"]), num(row["stale"]),
             percent(row["percent"] if row["total"] else None)] for row in data["kinds"]]  # fmt: skip
    block.tables.append(Table(
        ["Loại cơ quan", "Tổng số", "Có người phát ngôn", "Chưa có", "Cần cập nhật", "Tỷ lệ có"], rows,
        [4.5, 2.0, 2.9, 2.0, 2.6, 2.2],
    ))  # fmt: skip
    for row in data["kinds"]:
        if row["missing_names"]:
            names = "; ".join(row["missing_names"][:30])
            more = f" và {len(row['missing_names']) - 30} đơn vị khác" if len(row["missing_names"]) > 30 else ""
            block.paragraphs.append(f"{row['label']} chưa có người phát ngôn: {names}{more}.")
    return block


def _consultation(data: dict[str, Any]) -> Block:
    rows = [
        ["Dự thảo đưa ra lấy ý kiến nhân dân", num(data["opened"])],
        ["Dự thảo hết hạn góp ý", num(data["closed"])],
        ["Ý kiến góp ý đã xác nhận (được tính)", num(data["comments"])],
        ["Dự thảo đã công bố báo cáo tiếp thu, giải trình", num(data["reported"])],
        ["Nhóm ý kiến được tiếp thu", num(data["accepted"])],
        ["Nhóm ý kiến được giải trình", num(data["explained"])],
    ]
    return Block(
        "5. Lấy ý kiến nhân dân về dự thảo văn bản, chính sách",
        tables=[Table(["Lấy ý kiến dự thảo", "Số lượng"], rows, [11.0, 3.0])],
    )


def _campaigns(data: dict[str, Any]) -> Block:
    totals = data["totals"]
    block = Block("6. Chiến dịch truyền thông chính sách")
    block.paragraphs.append(
        f"Triển khai {num(data['running'])} chiến dịch truyền thông; {num(data['items_published'])} nội dung được "
        f"đăng, phát lần đầu; {num(totals['records'])} lượt đăng, phát trên các kênh."
    )
    rows = [[row["label"], num(row["records"]), num(row["views"]), num(row["likes"] + row["shares"]),
             num(row["listeners"]), num(row["copies"]), num(row["attendees"])] for row in data["channels"]]  # fmt: skip
    rows.append(["Cộng", num(totals["records"]), num(totals["views"]), num(totals["likes"] + totals["shares"]),
                 num(totals["listeners"]), num(totals["copies"]), num(totals["attendees"])])  # fmt: skip
    block.tables.append(Table(
        ["Kênh", "Lượt đăng, phát", "Lượt xem", "Thích, chia sẻ", "Người nghe", "Bản in", "Người dự"], rows,
        [4.2, 2.0, 2.0, 2.0, 2.1, 1.9, 1.9],
    ))  # fmt: skip
    outputs = data["outputs"]
    block.tables.append(Table(
        ["Sản phẩm truyền thông đã sản xuất", "Số lượng"],
        [[OUTPUT_NAMES[kind], num(outputs.get(kind, 0))] for kind in OUTPUT_NAMES], [11.0, 3.0],
    ))  # fmt: skip
    return block


def _tasks(data: dict[str, Any]) -> Block:
    totals = data["totals"]
    block = Block("7. Thực hiện nhiệm vụ theo Kế hoạch thông tin, tuyên truyền")
    block.paragraphs.append(
        f"Trong kỳ có {num(totals['due'])} lượt nhiệm vụ đến hạn báo cáo; đã hoàn thành {num(totals['done'])} "
        f"(đúng hạn {num(totals['done_on_time'])}, chậm {num(totals['done_late'])}); đang thực hiện "
        f"{num(totals['in_progress'])}; chưa hoàn thành, đã quá hạn {num(totals['late'])}."
    )
    rows = [[row["name"], num(row["due"]), num(row["done"]), num(row["done_on_time"]), num(row["done_late"]),
             num(row["late"])] for row in data["organisations"]]  # fmt: skip
    rows.append(["Tổng cộng", *(num(totals[k]) for k in ("due", "done", "done_on_time", "done_late", "late"))])
    block.tables.append(Table(
        ["Cơ quan, đơn vị", "Phải thực hiện", "Hoàn thành", "Đúng hạn", "Chậm", "Quá hạn chưa xong"], rows,
        [5.8, 2.0, 2.0, 2.0, 1.8, 2.4],
    ))  # fmt: skip
    return block


def _training(data: dict[str, Any]) -> Block:
    rows = [
        ["Lớp tập huấn, bồi dưỡng đã tổ chức", num(data["sessions_held"])],
        ["Lượt học viên có mặt", num(data["attendances"])],
        ["Số người được tập huấn", num(data["people_trained"])],
        ["Lượt vắng mặt", num(data["absent"])],
    ]
    return Block("8. Tập huấn, bồi dưỡng kỹ năng phát ngôn, truyền thông",
                 tables=[Table(["Tập huấn, bồi dưỡng", "Số lượng"], rows, [11.0, 3.0])])  # fmt: skip


def _briefings(data: dict[str, Any]) -> Block:
    block = Block("9. Giao ban báo chí, họp báo")
    rows = [
        ["Họp báo định kỳ của UBND tỉnh", num(data["conferences_due"]), num(data["conferences_province"])],
        ["Họp báo của các cơ quan, đơn vị khác", "—", num(data["conferences_other"])],
        ["Giao ban báo chí", "—", num(data["briefings"])],
    ]
    block.tables.append(Table(["Giao ban, họp báo", "Phải tổ chức", "Đã tổ chức"], rows, [9.0, 2.5, 2.5]))
    if data["quarters_without"]:
        block.paragraphs.append(
            "Chưa tổ chức họp báo định kỳ của UBND tỉnh: " + ", ".join(data["quarters_without"]) + "."
        )
    return block


def monthly_chart_png(months: Sequence[dict[str, Any]]) -> bytes:
    from lantoa.reports.charts import monthly_bar_chart_png

    labels = [f"{date.fromisoformat(m['month']).month:02d}/{date.fromisoformat(m['month']).year}" for m in months]
    series = {key: [int(m[key]) for m in months] for key in ("neg", "neu", "pos", "")}
    return monthly_bar_chart_png(
        labels, series, names=POLARITY_NAMES, title="Tin, bài về tỉnh theo tháng và chiều hướng"
    )


def paragraphs_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def docx_bytes(figures: dict[str, Any], texts: Texts, *, number: int, day: date) -> bytes:
    with translation.override("vi"):
        return _docx_bytes(figures, texts, number, day)


def _docx_bytes(figures: dict[str, Any], texts: Texts, number: int, day: date) -> bytes:
    abbreviation = settings.DIGEST_BODY_ABBREVIATION
    period = period_of(figures)
    header = Header(settings.DIGEST_PARENT_BODY, settings.DIGEST_BODY, number_line(number), settings.DIGEST_PLACE, day)
    document = OfficialDocument(header, title(period))
    document.paragraph("Kính gửi: " + "; ".join(ADDRESSEES) + ".", indent=False)
    document.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in paragraphs_of(texts.intro or default_intro(period)):
        document.paragraph(line)
    document.heading("I. KẾT QUẢ ĐẠT ĐƯỢC")
    for block in blocks(figures):
        document.heading(block.heading)
        for text in block.paragraphs:
            document.paragraph(text)
        for table in block.tables:
            document.table(table.headings, table.rows, table.widths)
        if block.chart and figures["monitoring"]["totals"]["items"]:
            document.picture(monthly_chart_png(figures["monitoring"]["months"]))
    for heading, text in (
        ("II. TỒN TẠI, HẠN CHẾ", texts.shortcomings),
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ", texts.directions),
    ):
        document.heading(heading)
        for line in paragraphs_of(text) or ["(Chưa nhập nội dung.)"]:
            document.paragraph(line)
    document.closing(
        Recipients([*(f"- {name} (b/c);" for name in ADDRESSEES), "- Giám đốc, các Phó Giám đốc Sở;",
                    f"- Lưu: VT, {abbreviation}."]),
        Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC"),
    )  # fmt: skip
    return document.to_bytes()


def chart_data_uri(figures: dict[str, Any]) -> str:
    if not figures["monitoring"]["totals"]["items"]:
        return ""
    return "data:image/png;base64," + base64.b64encode(monthly_chart_png(figures["monitoring"]["months"])).decode()
