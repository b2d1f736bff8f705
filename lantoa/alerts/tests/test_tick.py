"""The periodic evaluation end to end: item stored → match → notification, email (local SMTP), webhook (local HTTP);
once per story; quiet hours; hourly batches for low priority; negative-volume spikes; items committed out of id
order (PostgreSQL) evaluated once."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.alerts import services
from lantoa.alerts.models import AlertMatch, AlertRule, Checkpoint, Notification, Priority, RuleKind
from lantoa.alerts.tasks import evaluate_alerts
from lantoa.alerts.tests.conftest import Hook
from lantoa.audit.models import AuditEvent
from lantoa.monitoring.models import Item, ItemStatus, Source, SourceKind, Story
from lantoa.monitoring.tests.test_pipeline import BODY
from lantoa.testing.factories import HOSTILE
from lantoa.testing.smtp import Mailbox

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

LANDSLIDE = (
    "Sáng 15/8, mưa lớn kéo dài khiến sạt lở đất nghiêm trọng tại xã Định Hóa, tỉnh Thái Nguyên. Nhiều hộ dân ở xã "
    "Bình Yên, huyện Định Hóa cũ phải sơ tán khẩn cấp, tuyến đường liên xã bị chia cắt. Phó Chủ tịch UBND tỉnh Thái "
    "Nguyên chỉ đạo các sở, ngành và xã Định Hóa khắc phục hậu quả, bảo đảm an toàn cho người dân."
)


ROAD = (
    "Sáng 20/8, UBND tỉnh Thái Nguyên tổ chức lễ khởi công dự án đường liên kết vùng qua xã Phú Bình và phường Phổ "
    "Yên. Dự án có tổng vốn đầu tư hơn 1.000 tỷ đồng, dự kiến hoàn thành năm 2027. Chủ tịch UBND tỉnh Thái Nguyên yêu "
    "cầu nhà thầu bảo đảm chất lượng, tiến độ và an toàn lao động."
)
ACCIDENT = "Một vụ tai nạn giao thông nghiêm trọng làm 2 người chết tại tỉnh Thái Nguyên, xã Phú Bình. " * 2


def landslide(key: str, outlet: str, title: str = "Sạt lở nghiêm trọng ở Định Hóa") -> dict[str, str]:
    return {"id": key, "title": f"{title} {HOSTILE}", "body": LANDSLIDE, "source": outlet,
            "published": "15/08/2025 09:00"}  # fmt: skip


def make_rule(owner: User, **values: Any) -> AlertRule:
    defaults: dict[str, Any] = {"name": f"Sạt lở {HOSTILE}", "query": '"sạt lở" NEAR/5 "Định Hóa"'}
    return services.do_create_rule(owner, {**defaults, **values})


def test_an_item_stored_fires_in_app_email_and_webhook_within_one_tick(
    press_officer: User, store: Any, smtp_server: Mailbox, webhook: Hook
) -> None:
    rule = make_rule(press_officer, notify_email=True, email_recipients="a@example.gov.vn, b@example.gov.vn",
                     notify_webhook=True, webhook_url=webhook.url, priority=Priority.HIGH)  # fmt: skip
    other = make_rule(press_officer, name="Vàng", query="giá vàng")
    store([landslide("s1", "Báo Thái Nguyên"), {"id": "x", "title": "Nông thôn mới", "body": BODY, "source": "X"}])

    summary = evaluate_alerts.call_local()
    assert summary["matches"] == 1 and summary["emails"] == 1 and summary["webhooks"] == 1
    note = Notification.objects.get()
    assert note.user == press_officer and note.rule == rule and note.read_at is None
    assert "Sạt lở nghiêm trọng" in note.title
    assert not AlertMatch.objects.filter(rule=other).exists()
    (received,) = smtp_server.messages
    mail = received.message
    assert received.recipients == ["a@example.gov.vn", "b@example.gov.vn"]
    assert "Sạt lở nghiêm trọng ở Định Hóa" in str(mail["Subject"])
    assert "/theo-doi/su-kien/" in mail.get_content() or "/su-kien/" in mail.get_content()
    (payload,) = webhook.received
    assert payload["rule"]["id"] == rule.pk
    assert payload["matches"][0]["story_id"] == note.story_id
    assert AuditEvent.objects.filter(action="alerts.rule.fire").count() == 1

    # The next tick has nothing new: nothing evaluated, nothing sent again.
    again = evaluate_alerts.call_local()
    assert again["items"] == 0 and again["emails"] == 0 and again["webhooks"] == 0
    assert len(smtp_server.messages) == 1 and len(webhook.received) == 1


def test_one_notification_per_story_however_many_copies(press_officer: User, store: Any) -> None:
    make_rule(press_officer)
    store([landslide("c1", "Báo Thái Nguyên")])
    services.do_run_tick()
    # Two syndicated copies of the same story arrive later, in another tick.
    store([landslide("c2", "VnExpress", "Thái Nguyên: sạt lở ở Định Hóa"), landslide("c3", "Dân trí")])
    result = services.do_run_tick()
    assert result.items == 2 and result.matches == 0
    assert Item.objects.values("story").distinct().count() == 1
    assert Notification.objects.count() == 1 == AlertMatch.objects.count()


def test_a_story_reaching_n_outlets_fires_once_when_the_nth_copy_arrives(press_officer: User, store: Any) -> None:
    make_rule(press_officer, min_outlets=3)
    store([landslide("n1", "Báo Thái Nguyên"), landslide("n2", "VnExpress")])
    assert services.do_run_tick().matches == 0
    store([landslide("n3", "Dân trí")])
    assert services.do_run_tick().matches == 1
    store([landslide("n4", "Tuổi Trẻ")])
    assert services.do_run_tick().matches == 0


def test_quiet_hours_hold_email_and_webhook_and_deliver_after(
    press_officer: User, store: Any, smtp_server: Mailbox, webhook: Hook
) -> None:
    make_rule(press_officer, notify_email=True, email_recipients="a@example.gov.vn", notify_webhook=True,
              webhook_url=webhook.url, quiet_start=time(22, 0), quiet_end=time(6, 0))  # fmt: skip
    store([landslide("q1", "Báo Thái Nguyên")])
    night = datetime(2025, 8, 15, 23, 30, tzinfo=ZONE)
    result = services.do_run_tick(now=night)
    assert result.matches == 1 and result.delivery is not None and result.delivery.held == 1
    assert Notification.objects.count() == 1  # in the app at once
    assert smtp_server.messages == [] and webhook.received == []
    assert services.do_run_tick(now=night + timedelta(hours=5)).delivery.held == 1  # type: ignore[union-attr]
    morning = services.do_run_tick(now=datetime(2025, 8, 16, 6, 0, tzinfo=ZONE))
    assert morning.delivery is not None and morning.delivery.emails == 1 and morning.delivery.webhooks == 1
    assert len(smtp_server.messages) == 1 and len(webhook.received) == 1


def test_low_priority_rules_send_one_batched_email_per_hour(
    press_officer: User, store: Any, smtp_server: Mailbox
) -> None:
    make_rule(press_officer, query="Thái Nguyên", priority=Priority.LOW, notify_email=True,
              email_recipients="tong-hop@example.gov.vn")  # fmt: skip
    start = timezone.now()
    store([landslide("l1", "Báo A")])
    assert services.do_run_tick(now=start).delivery.emails == 1  # type: ignore[union-attr]
    # Two more stories within the hour: held, then sent together in one email.
    store([{"id": "l2", "title": "Thái Nguyên sơ kết", "body": BODY, "source": "Báo B"}])
    store([{"id": "l3", "title": "Khởi công đường liên kết vùng", "body": ROAD, "source": "Báo C"}])
    assert services.do_run_tick(now=start + timedelta(minutes=20)).delivery.held == 2  # type: ignore[union-attr]
    later = services.do_run_tick(now=start + timedelta(minutes=61))
    assert later.delivery is not None and later.delivery.emails == 1
    assert len(smtp_server.messages) == 2
    assert "2 tin mới" in str(smtp_server.messages[1].message["Subject"])
    assert smtp_server.messages[1].message.get_content().count("\n- ") == 1  # two entries: "- " opens the first line
    assert not AlertMatch.objects.filter(email_sent_at__isnull=True).exists()


def test_a_failing_webhook_is_retried_then_given_up(press_officer: User, store: Any, webhook: Hook) -> None:
    make_rule(press_officer, notify_webhook=True, webhook_url=webhook.url)
    webhook.status = 500
    store([landslide("w1", "Báo A")])
    for _attempt in range(5):
        services.do_run_tick()
    match = AlertMatch.objects.get()
    assert match.gave_up and match.attempts == 5 and "HTTP 500" in match.last_error
    assert match.webhook_sent_at is None
    services.do_run_tick()
    assert len(webhook.received) == 5


def test_the_webhook_refuses_private_addresses_unless_allowed(press_officer: User, settings: Any) -> None:
    settings.FETCH_ALLOW_HOSTS = []
    with pytest.raises(services.ValidationError) as caught:
        make_rule(press_officer, notify_webhook=True, webhook_url="http://127.0.0.1:9/hook")
    assert "webhook_url" in caught.value.message_dict


def test_a_negative_spike_for_a_commune_fires_once_per_window(press_officer: User, store: Any) -> None:
    from lantoa.alerts.engine import check_spike

    rule = make_rule(press_officer, name="Đột biến", kind=RuleKind.SPIKE, query="", unit_code="05908",
                     spike_window="day", spike_min_count=3)  # fmt: skip
    now = timezone.now()
    # Two weeks of history: one negative item about Phú Bình on a few days, none on most.
    history = [
        {"id": f"old{day}", "title": f"Tai nạn ngày {day}", "body": ACCIDENT.replace("2 người", f"{day} người"),
         "source": "Báo cũ", "published": timezone.localtime(now - timedelta(days=day)).strftime("%d/%m/%Y %H:%M")}
        for day in (2, 5, 9, 12)
    ]  # fmt: skip
    store(history)
    assert services.do_run_tick().spikes == 0
    rows = [
        {"id": f"neg{i}", "title": f"Tai nạn giao thông nghiêm trọng số {i}", "body": ACCIDENT, "source": f"Báo {i}",
         "published": timezone.localtime(now - timedelta(hours=i)).strftime("%d/%m/%Y %H:%M")}
        for i in range(4)
    ]  # fmt: skip
    store(rows)
    found = check_spike(rule, timezone.now())
    assert (found.current, found.median) == (4, 0) and found.score >= 3.5 and found.fired
    first = services.do_run_tick()
    assert first.spikes == 1
    assert "Tin tiêu cực tăng đột biến" in Notification.objects.get(match__story__isnull=True).title
    store([{**rows[0], "id": "neg9", "source": "Báo 9"}])
    assert services.do_run_tick().spikes == 0  # the same day: no second alert


def test_an_item_committed_after_the_checkpoint_passed_its_id_is_matched_once(press_officer: User, store: Any) -> None:
    make_rule(press_officer, query="Thái Nguyên")
    early, later = store([{"id": "a", "title": "Khởi công đường liên kết vùng", "body": ROAD, "source": "Báo A"},
                          landslide("b", "Báo B")])  # fmt: skip
    assert early.pk < later.pk and early.story_id != later.story_id
    # On PostgreSQL the transaction that took the lower id can commit after the one that took the higher id. Here
    # the row is out of sight during the first tick and back, with the same id and stamps, after it.
    Item.objects.filter(pk=early.pk).delete()
    first = services.do_run_tick()
    assert (first.items, first.matches) == (1, 1)
    assert Checkpoint.objects.get(name=services.CHECKPOINT).last_item_id == later.pk
    early.save(force_insert=True)
    # The next tick comes an hour late (a busy worker): the look-back hangs on the previous tick, not on the clock.
    Item.objects.update(ingested_at=F("ingested_at") - timedelta(hours=1))
    Checkpoint.objects.update(updated_at=F("updated_at") - timedelta(hours=1))

    second = services.do_run_tick()
    assert (second.items, second.rechecked, second.matches) == (0, 2, 1)  # the late item; the other not again
    assert services.do_run_tick().matches == 0
    assert sorted(AlertMatch.objects.values_list("story_id", flat=True)) == sorted([early.story_id, later.story_id])
    assert Notification.objects.count() == 2


def test_the_look_back_reads_again_only_what_the_previous_tick_may_have_missed(press_officer: User, store: Any) -> None:
    make_rule(press_officer)
    store([landslide("r1", "Báo A")])
    assert services.do_run_tick().items == 1
    before = timezone.now()
    assert services.do_run_tick().rechecked == 1  # stored just before the previous tick's start
    assert Checkpoint.objects.get(name=services.CHECKPOINT).updated_at >= before  # the next look-back starts there
    # Stored more than the margin before the previous tick started: it was visible then, and evaluated.
    Item.objects.update(ingested_at=F("ingested_at") - services.LATE_COMMIT_MARGIN - timedelta(minutes=1))
    idle = services.do_run_tick()
    assert (idle.items, idle.rechecked, idle.matches) == (0, 0, 0)
    assert AlertMatch.objects.count() == 1


def test_a_tick_that_meets_another_keeps_the_older_look_back(press_officer: User, store: Any, monkeypatch: Any) -> None:
    make_rule(press_officer)
    stamp = Checkpoint.objects.create(name=services.CHECKPOINT).updated_at
    store([landslide("m1", "Báo A")])
    evaluate = services.engine.evaluate

    def racing(rules: Any, items: Any) -> Any:
        # Another tick moves the checkpoint while this one evaluates.
        Checkpoint.objects.filter(name=services.CHECKPOINT).update(last_item_id=items[-1].pk)
        return evaluate(rules, items)

    monkeypatch.setattr(services.engine, "evaluate", racing)
    assert services.do_run_tick().matches == 0  # it stores nothing: the other tick owns these items
    assert Checkpoint.objects.get(name=services.CHECKPOINT).updated_at == stamp
    monkeypatch.undo()
    # What the other tick could not see is still ahead of the older start: read again, here matched.
    again = services.do_run_tick()
    assert (again.items, again.rechecked, again.matches) == (0, 1, 1)


def _stored_item(source: Source, key: str, title: str) -> Item:
    story = Story.objects.create(title=title, relevant=True, item_count=1, outlet_count=1)
    return Item.objects.create(source=source, key=key, title=title, body=LANDSLIDE, outlet_name=key, story=story,
                               relevant=True, status=ItemStatus.STORED, stage="stored")  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: no commit out of id order")
def test_two_transactions_storing_items_commit_out_of_id_order_on_postgresql(
    reference: None, press_officer: User
) -> None:
    make_rule(press_officer, query="sạt lở")
    source = Source.objects.create(name="Nhập tệp", kind=SourceKind.FILE)
    inserted, release = threading.Event(), threading.Event()
    slow: list[int] = []

    def slow_worker() -> None:
        # A writer whose transaction takes the lower id, then commits late. Items are created directly:
        # store_batch's advisory lock would serialise the two (the look-back must not rely on it).
        try:
            with transaction.atomic():
                slow.append(_stored_item(source, "cham", "Sạt lở ở Định Hóa").pk)
                inserted.set()
                assert release.wait(30)
        finally:
            connection.close()  # this thread's own connection

    worker = threading.Thread(target=slow_worker)
    worker.start()
    assert inserted.wait(30)
    fast = _stored_item(source, "nhanh", "Sạt lở ở Phú Bình")  # autocommit: visible at once, with a later id
    assert fast.pk > slow[0]
    first = services.do_run_tick(deliver=False)
    release.set()
    worker.join(30)
    assert (first.items, first.matches) == (1, 1)  # the slow one was not visible yet

    second = services.do_run_tick(deliver=False)
    assert (second.items, second.matches) == (0, 1)
    assert services.do_run_tick(deliver=False).matches == 0
    assert sorted(AlertMatch.objects.values_list("item_id", flat=True)) == sorted([slow[0], fast.pk])
