"""The content workflow: draft → submitted → approved step by step → published; refusals; versions; variants."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.audit.models import AuditEvent
from lantoa.campaigns import publishing, services
from lantoa.campaigns.channels import RULES, Channel, limit_errors
from lantoa.campaigns.models import Approval, ApprovalChain, ContentItem, ItemStatus, PublicationStatus
from lantoa.testing.fixtures import make_user


def test_every_transition_in_order(
    item: ContentItem, chain: ApprovalChain, agency_officer: User, spokesperson_user: User
) -> None:
    assert item.status == ItemStatus.DRAFT and item.current_version.number == 1
    services.do_submit(agency_officer, item)
    item.refresh_from_db()
    assert (item.status, item.chain_id, item.current_step) == (ItemStatus.SUBMITTED, chain.pk, 1)
    services.do_approve(spokesperson_user, item, "Đồng ý")
    item.refresh_from_db()
    assert (item.status, item.current_step) == (ItemStatus.SUBMITTED, 2)
    services.do_approve(agency_officer, item)
    item.refresh_from_db()
    assert (item.status, item.current_step) == (ItemStatus.APPROVED, 0)
    assert [(a.step, a.decision) for a in Approval.objects.filter(version=item.current_version)] == [
        (1, "approve"), (2, "approve"),
    ]  # fmt: skip
    record = publishing.do_mark_published(
        agency_officer, item, "facebook", url="https://www.facebook.com/soyte/posts/1"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_version_id == item.current_version_id
    assert record.status == PublicationStatus.PUBLISHED and item.published_at is not None
    actions = list(AuditEvent.objects.filter(action__startswith="campaigns.item").values_list("action", flat=True))
    for action in (
        "campaigns.item.create",
        "campaigns.item.submit",
        "campaigns.item.approve",
        "campaigns.item.publish",
    ):
        assert action in actions


def test_approval_out_of_turn_or_outside_the_chain_is_refused(
    item: ContentItem, chain: ApprovalChain, agency_officer: User, spokesperson_user: User, press_officer: User,
    admin_user: User, leader: User,
) -> None:  # fmt: skip
    services.do_submit(agency_officer, item)
    # Step 1 names the spokesperson: the agency officer (step 2), the press office, an admin, a leader are refused.
    for outsider in (agency_officer, press_officer, admin_user, leader):
        with pytest.raises(PermissionDenied, match="không phải người duyệt ở bước hiện tại"):
            services.do_approve(outsider, item)
    other_body = make_user("can_bo_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    services.do_approve(spokesperson_user, item)
    # Step 2 is a role *of Sở Y tế*: an agency officer of another body does not qualify.
    with pytest.raises(PermissionDenied):
        services.do_approve(other_body, item)
    with pytest.raises(PermissionDenied):
        services.do_approve(spokesperson_user, item)  # already decided step 1; step 2 is not theirs
    assert Approval.objects.count() == 1


def test_rejection_needs_a_reason_and_returns_to_draft(
    item: ContentItem, chain: ApprovalChain, agency_officer: User, spokesperson_user: User
) -> None:
    services.do_submit(agency_officer, item)
    with pytest.raises(ValidationError, match="lý do"):
        services.do_reject(spokesperson_user, item, "")
    services.do_reject(spokesperson_user, item, "Sửa số liệu")
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and item.current_step == 0


def test_submission_needs_a_chain(item: ContentItem, agency_officer: User) -> None:
    with pytest.raises(ValidationError, match="chưa có quy trình duyệt"):
        services.do_submit(agency_officer, item)


def test_editing_after_approval_makes_a_new_version_and_restarts_the_chain(
    approved: ContentItem, agency_officer: User, spokesperson_user: User
) -> None:
    first = approved.current_version
    version = services.do_edit_item(
        agency_officer, approved, title="Tiêm sởi miễn phí", body="Nội dung mới", note="số liệu"
    )
    approved.refresh_from_db()
    assert version.number == 2 and approved.current_version_id == version.pk
    assert approved.status == ItemStatus.DRAFT and approved.chain_id is None
    assert first.approvals.count() == 2 and version.approvals.count() == 0  # approvals stay with what they approved
    assert [v.channel for v in version.variants.all()] == ["facebook"]  # carried over
    services.do_submit(agency_officer, approved)
    approved.refresh_from_db()
    assert approved.current_step == 1
    with pytest.raises(PermissionDenied):
        services.do_approve(agency_officer, approved)  # the chain starts again at step 1


def test_a_variant_edit_is_a_version_but_a_new_date_is_not(approved: ContentItem, agency_officer: User) -> None:
    from datetime import date

    body = approved.current_version.variants.get().body
    services.do_set_variant(agency_officer, approved, "facebook", title="", body=body, scheduled_on=date(2026, 3, 9))
    approved.refresh_from_db()
    assert approved.status == ItemStatus.APPROVED and approved.current_version.number == 1
    services.do_set_variant(agency_officer, approved, "tiktok", title="", body="#tiemchung Tiêm đủ mũi")
    approved.refresh_from_db()
    assert approved.status == ItemStatus.DRAFT and approved.current_version.number == 2
    assert sorted(approved.current_version.variants.values_list("channel", flat=True)) == ["facebook", "tiktok"]


@pytest.mark.parametrize(
    ("channel", "title", "length"),
    [("facebook", "", 63_207), ("tiktok", "", 2_201), ("youtube", "x" * 101, 10), ("youtube", "Video", 5_001),
     ("led", "Khẩu hiệu", 241)],
)  # fmt: skip
def test_a_variant_over_its_channel_limit_is_refused(
    item: ContentItem, agency_officer: User, channel: str, title: str, length: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.do_set_variant(agency_officer, item, channel, title=title, body="a" * length)
    label = str(Channel(channel).label)
    assert any(label in message and "vượt giới hạn" in message for message in caught.value.messages)
    item.refresh_from_db()
    assert item.current_version.number == 1


def test_limits_at_the_boundary_fit() -> None:
    assert limit_errors("facebook", "", "a" * 63_206) == []
    assert limit_errors("tiktok", "", "a" * 2_200) == []
    assert limit_errors("youtube", "t" * 100, "a" * 5_000) == []
    assert RULES["youtube"].title_max == 100
    assert "cần có tiêu đề" in limit_errors("youtube", "", "mô tả")[0]


def test_scope_other_bodies_cannot_touch_the_campaign(item: ContentItem, leader: User, outsider: User) -> None:
    other = make_user("cb_tu_phap", [Role.AGENCY_OFFICER], "so-tu-phap")
    for user in (other, leader, outsider):
        with pytest.raises(PermissionDenied):
            services.do_edit_item(user, item, title="x", body="y")
        with pytest.raises(PermissionDenied):
            services.check_can_edit_item(user, item)
    services.check_can_view_item(leader, item)  # leaders read
    with pytest.raises(PermissionDenied):
        services.check_can_view_item(other, item)


def test_chain_steps_are_people_or_roles_of_the_same_body(chain: ApprovalChain, press_officer: User) -> None:
    other = make_user("cb_tu_phap2", [Role.AGENCY_OFFICER], "so-tu-phap")
    with pytest.raises(ValidationError, match="thuộc cơ quan"):
        services.do_add_step(press_officer, chain, user=other)
    with pytest.raises(ValidationError):
        services.do_add_step(press_officer, chain, user=press_officer, role="leader")
    with pytest.raises(PermissionDenied):
        services.do_add_step(other, chain, role="leader")


def test_unapproved_items_are_neither_published_nor_produced(item: ContentItem, agency_officer: User) -> None:
    with pytest.raises(ValidationError, match="đã duyệt"):
        publishing.do_mark_published(agency_officer, item, "facebook", url="https://example.org/a")
    with pytest.raises(ValidationError, match="đã duyệt"):
        services.do_produce_leaflet(agency_officer, item)
