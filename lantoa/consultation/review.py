"""The back office's review of comments: moderation (with the pre-screen's scores, reasons, an exportable log) and
the synthesis (groups per article, near-duplicates together, summaries, tiếp thu / giải trình), and the documents:
the report "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến" (Decree 30 Word file) and the comments as XLSX.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.audit.services import record_event
from lantoa.consultation.models import (
    Comment,
    Consultation,
    Moderation,
    ModerationAction,
    ModerationLog,
    Response,
    SynthesisGroup,
    Unit,
)
from lantoa.consultation.services import check_can_edit, check_can_moderate, counted_comments
from lantoa.core import docx30, xlsx
from lantoa.vntext.normalize import fold


# --- Moderation -----------------------------------------------------------------------------------------------------
@dataclass
class QueueEntry:
    comment: Comment
    same: int  # comments in its near-duplicate group (itself included) still in the queue


def moderation_queue(consultation: Consultation, *, show: str = "queue") -> list[QueueEntry]:
    """Verified comments to review ("queue": held first, then unreviewed) or already decided ("done"). A campaign
    shows as one entry per group with its size, the first comment standing for the others."""
    comments = Comment.objects.filter(consultation=consultation, verified_at__isnull=False, withdrawn_at__isnull=True)
    if show == "done":
        comments = comments.filter(moderation__in=[Moderation.APPROVED, Moderation.HIDDEN])
    else:
        comments = comments.filter(moderation__in=[Moderation.HELD, Moderation.UNREVIEWED])
    rows = list(comments.select_related("unit").order_by("-moderation", "created_at", "id"))
    # "held" sorts before "unreviewed" descending; approved/hidden likewise in "done".
    sizes = Counter(comment.duplicate_of or comment.pk for comment in rows)
    seen: set[int] = set()
    entries = []
    for comment in rows:
        group = comment.duplicate_of or comment.pk
        if group in seen:
            continue
        seen.add(group)
        entries.append(QueueEntry(comment, sizes[group]))
    return entries


@transaction.atomic
def do_moderate(actor: User, comment: Comment, action: str, reason: str = "", *, whole_group: bool = False) -> int:
    """Approve or hide a comment (with ``whole_group``: every comment of its near-duplicate group in the same
    state). Hiding needs a reason; nothing is ever deleted. Returns the number of comments changed."""
    check_can_moderate(actor, comment.consultation)
    if action not in (ModerationAction.APPROVE, ModerationAction.HIDE):
        raise ValidationError(_("Thao tác không hợp lệ."))
    reason = reason.strip()
    if action == ModerationAction.HIDE and not reason:
        raise ValidationError(_("Hãy ghi lý do ẩn ý kiến."))
    targets = Comment.objects.select_for_update().filter(pk=comment.pk)
    if whole_group:
        group = comment.duplicate_of or comment.pk
        targets = Comment.objects.select_for_update().filter(
            Q(pk=group) | Q(duplicate_of=group), consultation=comment.consultation,
            moderation=comment.moderation, verified_at__isnull=False,
        )  # fmt: skip
    state = Moderation.APPROVED if action == ModerationAction.APPROVE else Moderation.HIDDEN
    label = actor.get_full_name() or actor.get_username()
    changed = 0
    for target in targets:
        if target.moderation == state:
            continue
        target.moderation = state
        target.save(update_fields=["moderation"])
        ModerationLog.objects.create(
            comment=target, consultation=target.consultation, action=action, reason=reason, actor=actor,
            actor_label=label, toxicity=target.toxicity, constructive=target.constructive,
        )  # fmt: skip
        changed += 1
    if changed:
        record_event(actor, f"consultation.comment.{action}", comment.consultation,
                     summary=f"{comment}: {changed} ({reason[:200]})")  # fmt: skip
    return changed


def moderation_log_xlsx(consultation: Consultation) -> bytes:
    rows = [
        (entry.at, entry.comment_id, entry.comment.unit.label if entry.comment.unit else _("Toàn bộ dự thảo"),
         entry.get_action_display(), entry.reason, entry.actor_label, entry.toxicity, entry.constructive)
        for entry in ModerationLog.objects.filter(consultation=consultation).select_related("comment__unit")
    ]  # fmt: skip
    headings = [_("Thời điểm"), _("Ý kiến số"), _("Góp ý cho"), _("Thao tác"), _("Lý do"), _("Người thực hiện"),
                _("Điểm độc hại"), _("Điểm xây dựng")]  # fmt: skip
    title = _("Nhật ký kiểm duyệt: %(title)s") % {"title": consultation.title}
    return xlsx.workbook_bytes([xlsx.Sheet(_("Nhật ký kiểm duyệt"), headings, rows, title=title)])


def comments_xlsx(consultation: Consultation) -> bytes:
    """Every verified comment (hidden ones marked, not removed), for publication: no contact data. Citizens' text
    goes in as written: ``core.xlsx`` keeps text that looks like a formula as text, for every export."""
    comments = Comment.objects.filter(consultation=consultation, verified_at__isnull=False).select_related("unit")
    sizes = Counter(comment.duplicate_of for comment in comments if comment.duplicate_of)
    rows = [
        (comment.pk, comment.created_at, comment.unit.label if comment.unit else _("Toàn bộ dự thảo"),
         comment.author_name, comment.text if comment.withdrawn_at is None else _("(đã rút lại)"),
         comment.get_moderation_display(), comment.duplicate_of, sizes.get(comment.duplicate_of or 0, 1),
         _("có") if comment.counted else _("không"))
        for comment in comments
    ]  # fmt: skip
    headings = [_("Số"), _("Gửi lúc"), _("Góp ý cho"), _("Tên người góp ý"), _("Nội dung"), _("Kiểm duyệt"),
                _("Nhóm giống nhau"), _("Số ý kiến trong nhóm"), _("Được tính")]  # fmt: skip
    title = _("Ý kiến góp ý: %(title)s") % {"title": consultation.title}
    return xlsx.workbook_bytes([xlsx.Sheet(_("Ý kiến góp ý"), headings, rows, title=title)])


# --- Synthesis ------------------------------------------------------------------------------------------------------
@transaction.atomic
def do_build_groups(actor: User, consultation: Consultation) -> int:
    """Put every counted comment not yet in a group into one: per article, and per near-duplicate group when it
    has several comments (a campaign is one group, shown with its size). Existing groups and the officer's moves
    are kept. Returns the number of comments placed."""
    check_can_edit(actor, consultation)
    pending = list(counted_comments(consultation).filter(group__isnull=True).select_related("unit"))
    if not pending:
        return 0
    sizes = Counter(
        counted_comments(consultation).exclude(duplicate_of__isnull=True).values_list("duplicate_of", flat=True)
    )
    existing = {(group.unit_id, group.cluster): group for group in consultation.groups.all()}
    last = consultation.groups.order_by("-position").values_list("position", flat=True).first() or 0
    unit_positions = dict(consultation.units.values_list("id", "position"))
    new_keys = sorted(
        {(c.unit_id, c.duplicate_of if sizes.get(c.duplicate_of or 0, 0) > 1 else None) for c in pending}
        - set(existing),
        key=lambda key: (unit_positions.get(key[0] or 0, 0), key[1] or 0),
    )
    for key in new_keys:
        last += 1
        existing[key] = SynthesisGroup.objects.create(
            consultation=consultation, unit_id=key[0], cluster=key[1], position=last
        )
    for comment in pending:
        cluster = comment.duplicate_of if sizes.get(comment.duplicate_of or 0, 0) > 1 else None
        comment.group = existing[(comment.unit_id, cluster)]
    Comment.objects.bulk_update(pending, ["group"])
    record_event(actor, "consultation.synthesis.group", consultation, summary=f"{len(pending)}")
    return len(pending)


def groups_with_comments(consultation: Consultation) -> QuerySet[SynthesisGroup]:
    counted = Q(comments__verified_at__isnull=False, comments__withdrawn_at__isnull=True,
                comments__moderation__in=[Moderation.UNREVIEWED, Moderation.APPROVED])  # fmt: skip
    return (
        consultation.groups.select_related("unit")
        .annotate(size=Count("comments", filter=counted))
        .order_by("position", "id")
    )


def size_of(group: SynthesisGroup) -> int:
    """The counted comments of a group, as annotated by ``groups_with_comments``."""
    return int(getattr(group, "size", 0))


def unanswered_groups(consultation: Consultation) -> int:
    groups = groups_with_comments(consultation)
    return sum(1 for group in groups if size_of(group) and not (group.response and group.response_text))


@transaction.atomic
def do_update_group(
    actor: User, group: SynthesisGroup, *, summary: str, response: str, response_text: str
) -> SynthesisGroup:
    current = SynthesisGroup.objects.select_for_update().select_related("consultation").get(pk=group.pk)
    check_can_edit(actor, current.consultation)
    if response not in Response.values:
        raise ValidationError(_("Hãy chọn tiếp thu hoặc giải trình."))
    changes = {}
    for name, value in (("summary", summary.strip()), ("response", response), ("response_text", response_text.strip())):
        if getattr(current, name) != value:
            changes[name] = [getattr(current, name), value]
            setattr(current, name, value)
    if changes:
        current.updated_by, current.updated_at = actor, timezone.now()
        current.save()
        record_event(actor, "consultation.synthesis.update", current.consultation, changes=changes,
                     summary=str(current))  # fmt: skip
    return current


@transaction.atomic
def do_move_comment(actor: User, comment: Comment, group: SynthesisGroup) -> None:
    check_can_edit(actor, comment.consultation)
    if group.consultation_id != comment.consultation_id:
        raise ValidationError(_("Nhóm không thuộc đợt lấy ý kiến này."))
    Comment.objects.filter(pk=comment.pk).update(group=group)
    record_event(actor, "consultation.synthesis.move", comment.consultation, summary=f"{comment} → {group}")


_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"\w+")


def suggestions(texts: list[str], limit: int = 3) -> list[str]:
    """Extractive summary suggestions: the sentences whose words the group's comments share most (each
    comment votes once per word), one per distinct wording, most representative first."""
    votes: Counter[str] = Counter()
    sentences: list[tuple[str, set[str]]] = []
    for text in texts:
        words = set(_WORD.findall(fold(text)))
        votes.update(word for word in words if len(word) > 1)
        for sentence in _SENTENCE.split(text):
            sentence = sentence.strip()
            if len(sentence) >= 15:
                sentences.append((sentence, set(_WORD.findall(fold(sentence)))))
    scored: dict[str, float] = {}
    for sentence, words in sentences:
        if words:
            # Average support per word, so that a long sentence does not win by length alone.
            scored[sentence] = sum(votes[word] for word in words) / (len(words) ** 0.5)
    chosen: list[str] = []
    chosen_words: list[set[str]] = []
    for sentence in sorted(scored, key=lambda s: (-scored[s], s)):
        words = set(_WORD.findall(fold(sentence)))
        if any(len(words & other) / max(1, len(words | other)) > 0.6 for other in chosen_words):
            continue  # the same sentence again, from a near-duplicate comment
        chosen.append(sentence)
        chosen_words.append(words)
        if len(chosen) == limit:
            break
    return chosen


# --- The report -----------------------------------------------------------------------------------------------------
@dataclass
class ReportRow:
    number: int
    where: str
    summary: str
    size: int
    response: str
    response_text: str


def report_rows(consultation: Consultation) -> list[ReportRow]:
    rows = []
    for index, group in enumerate((g for g in groups_with_comments(consultation) if size_of(g)), 1):
        rows.append(
            ReportRow(
                index,
                _unit_name(group.unit),
                group.summary,
                size_of(group),
                group.get_response_display() if group.response else "",
                group.response_text,
            )
        )
    return rows


def _unit_name(unit: Unit | None) -> str:
    return str(unit) if unit is not None else _("Toàn bộ dự thảo")


REPORT_TITLE = "BÁO CÁO"
REPORT_SUBTITLE = "Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với {title}"


def report_docx(consultation: Consultation) -> bytes:
    """The report in the Decree 30 layout. Its wording is Vietnamese whatever the interface language: it is an
    administrative document of a Vietnamese body."""
    rows = report_rows(consultation)
    total = counted_comments(consultation).count()
    organisation = consultation.organisation
    abbreviation = organisation.short_name or "".join(word[0] for word in organisation.name.split()).upper()
    header = docx30.Header(
        parent_body=getattr(settings, "DIGEST_PARENT_BODY", "UBND TỈNH THÁI NGUYÊN"),
        body=organisation.name.upper(),
        number=f"Số:      /BC-{abbreviation}",
        place=getattr(settings, "DIGEST_PLACE", "Thái Nguyên"),
        day=timezone.localdate(consultation.reported_at or timezone.now()),
    )
    title = consultation.title[0].lower() + consultation.title[1:] if consultation.title else ""
    document = docx30.OfficialDocument(header, REPORT_TITLE, REPORT_SUBTITLE.format(title=title))
    document.heading("I. TÌNH HÌNH LẤY Ý KIẾN")
    opened = timezone.localdate(consultation.opens_at).strftime("%d/%m/%Y") if consultation.opens_at else "…"
    closed = timezone.localdate(consultation.closes_at).strftime("%d/%m/%Y") if consultation.closes_at else "…"
    document.paragraph(
        f"Dự thảo được đăng tải để lấy ý kiến rộng rãi trên Cổng góp ý dự thảo từ ngày {opened} đến ngày {closed}. "
        f"Đã nhận {total} ý kiến hợp lệ (đã xác nhận qua thư điện tử, không tính các ý kiến bị ẩn do vi phạm quy "
        f"định), được tổng hợp thành {len(rows)} nhóm ý kiến; các ý kiến giống nhau được gộp thành một nhóm."
    )
    if consultation.report_note:
        document.paragraph(consultation.report_note)
    document.heading("II. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN")
    document.table(
        ["STT", "Điều khoản", "Nội dung ý kiến", "Số ý kiến", "Tiếp thu, giải trình"],
        [
            (
                str(row.number),
                row.where,
                row.summary or "…",
                str(row.size),
                f"{row.response}: {row.response_text}" if row.response else "…",
            )
            for row in rows
        ],
        [1.1, 2.8, 5.6, 1.6, 5.4],
    )
    document.closing(
        docx30.Recipients(["- UBND tỉnh (b/c);", "- Sở Tư pháp;", "- Đăng tải Cổng góp ý;", "- Lưu: VT."]),
        docx30.Signature(authority="", title="THỦ TRƯỞNG CƠ QUAN", name=""),
    )
    return document.to_bytes()


def groups_by_unit(consultation: Consultation) -> dict[int | None, list[SynthesisGroup]]:
    """Published answers per article for the public page (only once the report is published)."""
    result: dict[int | None, list[SynthesisGroup]] = defaultdict(list)
    for group in groups_with_comments(consultation):
        if size_of(group) and group.response:
            result[group.unit_id].append(group)
    return dict(result)
