"""The case workflow: every transition, the forbidden ones with their Vietnamese errors, the timeline and audit."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.cases import integrity, services
from lantoa.cases.models import Case, CaseStatus, EventKind, Evidence, Outcome, Platform, Trigger
from lantoa.cases.tests.conftest import png_bytes
from lantoa.monitoring.models import Item

pytestmark = pytest.mark.django_db
SENT = datetime(2025, 9, 1, 9, 0, tzinfo=timezone.get_current_timezone())


def _decided(officer: User, item: Item, outcome: str = Outcome.FALSE) -> Case:
    case = services.do_open_case(officer, item, "Tin đồn gây hoang mang")
    services.do_add_verification(officer, case, "Sở Công Thương xác nhận đập an toàn.", ["https://thainguyen.gov.vn/a"])
    return services.do_set_outcome(officer, case, outcome, "Công văn của chủ đập ngày 01/9.")


def test_opening_seals_the_item_as_evidence_with_its_hash(items: dict[str, Item], press_officer: User) -> None:
    item = items["rumour"]
    case = services.do_open_case(press_officer, item, "Lan truyền nhanh trong nhóm Facebook")
    assert case.code == f"VV-{timezone.localdate().year}-001" and case.trigger == Trigger.MISINFO
    assert case.status == CaseStatus.OPENED and case.title.startswith("Đập thủy điện sắp vỡ")
    evidence = Evidence.objects.get(case=case)
    snapshot = evidence.snapshot
    assert snapshot["url"] == "https://facebook.com/groups/thainguyen/posts/1"
    assert snapshot["body"] == item.body and snapshot["misinfo_risk"] == 0.91
    assert snapshot["published_at"] and snapshot["ingested_at"] and snapshot["opened_at"]
    # The stored text is the canonical form, and its hash is what was recorded.
    assert evidence.canonical == integrity.canonical_json(snapshot)
    assert evidence.sha256 == integrity.sha256_hex(evidence.canonical.encode("utf-8"))
    opened = case.events.get()
    assert opened.kind == EventKind.OPENED and opened.data["sha256"] == evidence.sha256
    assert opened.actor == press_officer and opened.note == "Lan truyền nhanh trong nhóm Facebook"
    assert list(case.members.values_list("user", flat=True)) == [press_officer.pk]
    assert list(case.organisations.values_list("organisation__code", flat=True)) == ["so-y-te"]  # the item's agency
    assert AuditEvent.objects.filter(action="cases.opened", target_id=str(case.pk)).exists()
    # The next case of the year gets the next number; the toxic comment is flagged for toxicity.
    second = services.do_open_case(press_officer, items["toxic"])
    assert second.number == 2 and second.trigger == Trigger.TOXICITY
    assert services.do_open_case(press_officer, items["clean"]).trigger == Trigger.OFFICER


def test_the_whole_workflow_to_closing(items: dict[str, Item], press_officer: User) -> None:
    case = services.do_open_case(press_officer, items["rumour"])
    services.do_add_verification(press_officer, case, "Đối chiếu với thông báo của UBND tỉnh.",
                                 ["https://thainguyen.gov.vn/tb/1", "", "Công văn 123/UBND-KT"])  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.VERIFYING
    assert case.verifications.get().sources == ["https://thainguyen.gov.vn/tb/1", "Công văn 123/UBND-KT"]
    case = services.do_set_outcome(press_officer, case, Outcome.UNVERIFIABLE, "Chưa đủ căn cứ.")
    case = services.do_set_outcome(press_officer, case, Outcome.FALSE, "Chủ đập xác nhận an toàn.")  # may change
    assert (case.status, case.outcome) == (CaseStatus.DECIDED, Outcome.FALSE)
    services.do_add_correction(press_officer, case, "Thông tin đập vỡ là sai sự thật.", "Cổng TTĐT tỉnh", SENT,
                               "https://thainguyen.gov.vn/cai-chinh")  # fmt: skip
    request = services.do_add_platform_request(press_officer, case, Platform.FACEBOOK, "Gỡ bài viết", SENT)
    services.do_record_platform_reply(press_officer, request, "Đã gỡ bài.")
    referral = services.do_refer(press_officer, case, "Đề nghị xác minh người đăng.")
    assert referral.recipient == "Công an tỉnh Thái Nguyên"
    closed = services.do_close(press_officer, case, "Đã xử lý xong.")
    assert closed.status == CaseStatus.CLOSED and closed.closed_at is not None
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.OPENED, EventKind.VERIFICATION, EventKind.OUTCOME, EventKind.OUTCOME, EventKind.CORRECTION,
        EventKind.PLATFORM_REQUEST, EventKind.PLATFORM_REPLY, EventKind.REFERRAL, EventKind.CLOSED,
    ]  # fmt: skip
    audited = list(AuditEvent.objects.filter(target_id=str(case.pk), action__startswith="cases.")
                   .order_by("id").values_list("action", flat=True))  # fmt: skip
    assert audited == [f"cases.{kind}" for kind in kinds]
    # The platform's late reply is recorded even after closing; nothing else is.
    services.do_record_platform_reply(press_officer, request, "Đã gỡ cả bài chia sẻ lại.")
    with pytest.raises(ValidationError, match="Vụ việc đã đóng"):
        services.do_add_verification(press_officer, case, "Bổ sung")


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("outcome_before_verification", "Chưa có kết quả xác minh nào, chưa thể kết luận"),
        ("close_without_outcome", "Vụ việc chưa có kết luận, không đóng được"),
        ("correction_before_outcome", "Vụ việc chưa có kết luận, chưa thể thực hiện biện pháp xử lý"),
        ("platform_before_outcome", "Vụ việc chưa có kết luận, chưa thể thực hiện biện pháp xử lý"),
        ("referral_without_outcome", "Chỉ chuyển Công an tỉnh khi đã kết luận thông tin là sai sự thật"),
        ("empty_verification", "Hãy ghi nội dung xác minh"),
        ("second_case_on_item", "Tin này đã có vụ việc đang xử lý: VV-"),
    ],
)
def test_forbidden_transitions_before_an_outcome(
    items: dict[str, Item], press_officer: User, step: str, message: str
) -> None:
    case = services.do_open_case(press_officer, items["rumour"])
    steps = {
        "outcome_before_verification": lambda: services.do_set_outcome(press_officer, case, Outcome.FALSE, "x"),
        "close_without_outcome": lambda: services.do_close(press_officer, case),
        "correction_before_outcome": lambda: services.do_add_correction(press_officer, case, "x", "Cổng", SENT),
        "platform_before_outcome": lambda: services.do_add_platform_request(press_officer, case, "zalo", "x", SENT),
        "referral_without_outcome": lambda: services.do_refer(press_officer, case),
        "empty_verification": lambda: services.do_add_verification(press_officer, case, "   "),
        "second_case_on_item": lambda: services.do_open_case(press_officer, items["rumour"]),
    }
    with pytest.raises(ValidationError, match=message):
        steps[step]()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPENED and case.events.count() == 1  # nothing happened


@pytest.mark.parametrize("outcome", [Outcome.TRUE, Outcome.UNVERIFIABLE])
def test_only_false_or_misleading_is_referred_or_corrected(
    items: dict[str, Item], press_officer: User, outcome: str
) -> None:
    case = _decided(press_officer, items["rumour"], outcome)
    with pytest.raises(ValidationError, match="Chỉ chuyển Công an tỉnh khi đã kết luận"):
        services.do_refer(press_officer, case)
    with pytest.raises(ValidationError, match="Chỉ đăng cải chính khi kết luận là sai sự thật"):
        services.do_add_correction(press_officer, case, "x", "Cổng", SENT)
    # A request to a platform (a hateful post may be true) and closing are allowed.
    services.do_add_platform_request(press_officer, case, Platform.TIKTOK, "Gỡ video", SENT)
    assert services.do_close(press_officer, case).status == CaseStatus.CLOSED


def test_the_outcome_is_fixed_once_acted_upon_and_a_case_referred_once(
    items: dict[str, Item], press_officer: User
) -> None:
    case = _decided(press_officer, items["rumour"], Outcome.MISLEADING)
    services.do_refer(press_officer, case)
    with pytest.raises(ValidationError, match="Đã có biện pháp xử lý dựa trên kết luận hiện tại"):
        services.do_set_outcome(press_officer, case, Outcome.TRUE, "Đổi ý")
    with pytest.raises(ValidationError, match="Vụ việc đã được chuyển Công an tỉnh"):
        services.do_refer(press_officer, case)
    with pytest.raises(ValidationError, match="Hãy chọn kết luận"):
        services.do_set_outcome(press_officer, case, "maybe", "x")


def test_a_closed_case_takes_no_more_steps_but_a_new_case_may_be_opened(
    items: dict[str, Item], press_officer: User
) -> None:
    case = services.do_close(press_officer, _decided(press_officer, items["rumour"], Outcome.TRUE), "Xong")
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    for step in (
        lambda: services.do_add_attachment(press_officer, case, upload),
        lambda: services.do_set_outcome(press_officer, case, Outcome.FALSE, "x"),
        lambda: services.do_add_platform_request(press_officer, case, "youtube", "x", SENT),
        lambda: services.do_close(press_officer, case),
    ):
        with pytest.raises(ValidationError, match="Vụ việc đã đóng, không thay đổi được nữa"):
            step()
    assert services.do_open_case(press_officer, items["rumour"]).number == 2


def test_who_may_take_which_step(
    items: dict[str, Item], press_officer: User, admin_user: User, leader: User, agency_officer: User,
    outsider: User,
) -> None:  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.do_open_case(leader, items["rumour"])
    with pytest.raises(PermissionDenied):
        services.do_open_case(agency_officer, items["rumour"])
    case = services.do_open_case(admin_user, items["rumour"])  # the item concerns Sở Y tế: its officer is involved
    services.do_add_member(press_officer, case, leader)
    # Involved agency officers contribute; leaders only read, even on the team.
    services.do_add_verification(agency_officer, case, "Sở Y tế xác nhận không có dịch.")
    with pytest.raises(PermissionDenied, match="Bạn chỉ được xem vụ việc này"):
        services.do_add_verification(leader, case, "x")
    for user in (leader, agency_officer):
        with pytest.raises(PermissionDenied):
            services.do_set_outcome(user, case, Outcome.FALSE, "x")
        with pytest.raises(PermissionDenied):
            services.do_add_member(user, case, user)
    with pytest.raises(ValidationError, match="chưa được giao vai trò nào"):
        services.do_add_member(press_officer, case, outsider)
    with pytest.raises(ValidationError, match="đã ở trong nhóm"):
        services.do_add_member(press_officer, case, leader)
