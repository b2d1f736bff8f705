"""Each connector against a stub of its platform on 127.0.0.1 that checks and answers the documented shapes:
a dry run sends nothing, a real run posts the documented request, an error answer is recorded clearly."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lantoa.accounts.models import User
from lantoa.campaigns import publishing
from lantoa.campaigns.connectors import CONNECTORS, get_connector
from lantoa.campaigns.models import ContentItem, ItemStatus, Method, PublicationRecord, PublicationStatus
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE

TOKEN = "tok-9f8e7d6c5b4a"


class Stub:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.fail = False


class Platforms(BaseHTTPRequestHandler):
    stub: Stub

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.stub.received.append({"path": self.path, "headers": dict(self.headers.items()), "json": body})
        fail = self.stub.fail
        if self.path == "/v23.0/1234567890/feed":  # Graph API
            if self.headers.get("Authorization") != f"Bearer {TOKEN}" or fail:
                return self._answer(
                    400,
                    {
                        "error": {
                            "message": f"Invalid OAuth access token - {TOKEN}",
                            "type": "OAuthException",
                            "code": 190,
                            "fbtrace_id": "Ab1",
                        }
                    },
                )
            assert set(body) <= {"message", "link"} and body["message"]
            return self._answer(200, {"id": "1234567890_987654321"})
        if self.path == "/v2.0/article/create":  # Zalo OA
            if self.headers.get("access_token") != TOKEN or fail:
                return self._answer(200, {"error": -216, "message": "Access token is invalid"})
            assert body["type"] == "normal" and body["cover"]["photo_url"] and body["body"][0]["type"] == "text"
            return self._answer(200, {"data": {"token": "zalo-article-token"}, "error": 0, "message": "Success"})
        if self.path.startswith("/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status"):
            if fail:
                return self._answer(401, {"error": {"code": 401, "message": "Request had invalid credentials."}})
            assert body["snippet"]["title"] and body["status"]["privacyStatus"]
            return self._answer(200, {}, {"Location": "http://127.0.0.1/upload?upload_id=xyz"})
        if self.path == "/v2/post/publish/video/init/":  # TikTok
            if fail:
                return self._answer(
                    401,
                    {
                        "error": {
                            "code": "access_token_invalid",
                            "message": "The access token is invalid",
                            "log_id": "1",
                        }
                    },
                )
            assert body["source_info"]["source"] == "PULL_FROM_URL" and len(body["post_info"]["title"]) <= 2200
            return self._answer(
                200, {"data": {"publish_id": "v_pub_url~v2.123"}, "error": {"code": "ok", "message": "", "log_id": "2"}}
            )
        return self._answer(404, {"error": "unknown path"})


@pytest.fixture
def stub(settings: Any) -> Iterator[Stub]:
    state = Stub()
    handler = type("Handler", (Platforms,), {"stub": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.CAMPAIGNS_FACEBOOK_API = f"{base}/v23.0"
    settings.CAMPAIGNS_ZALO_API = base
    settings.CAMPAIGNS_YOUTUBE_API = base
    settings.CAMPAIGNS_TIKTOK_API = base
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def accounts(agency_officer: User, so_y_te: Organisation) -> None:
    for platform in CONNECTORS:
        publishing.do_set_credential(agency_officer, so_y_te, platform, account_id="1234567890", token=TOKEN)


CASES = {
    # platform: (state after a real post, media_url)
    "facebook": (PublicationStatus.PUBLISHED, ""),
    "zalo": (PublicationStatus.SENT, "https://thainguyen.gov.vn/anh/bia.jpg"),
    "youtube": (PublicationStatus.SENT, ""),
    "tiktok": (PublicationStatus.SENT, "https://thainguyen.gov.vn/video/tiem-chung.mp4"),
}


@pytest.mark.parametrize("platform", list(CASES))
def test_a_dry_run_builds_and_records_but_sends_nothing(
    platform: str, stub: Stub, accounts: None, approved: ContentItem, agency_officer: User
) -> None:
    outcome = publishing.do_publish(agency_officer, approved, platform, dry_run=True, media_url=CASES[platform][1],
                                    link="https://thainguyen.gov.vn/tin/1")  # fmt: skip
    assert stub.received == []
    record = outcome.record
    assert (record.method, record.status) == (Method.DRY_RUN, PublicationStatus.DRY_RUN)
    assert record.request["method"] == "POST" and record.request["url"].startswith("http://127.0.0.1:")
    assert TOKEN not in json.dumps(record.request)
    approved.refresh_from_db()
    assert approved.status == ItemStatus.APPROVED  # a rehearsal publishes nothing


@pytest.mark.parametrize("platform", list(CASES))
def test_a_real_run_posts_the_documented_shape(
    platform: str, stub: Stub, accounts: None, approved: ContentItem, agency_officer: User
) -> None:
    expected, media = CASES[platform]
    outcome = publishing.do_publish(agency_officer, approved, platform, dry_run=False, media_url=media,
                                    link="https://thainguyen.gov.vn/tin/1")  # fmt: skip
    assert len(stub.received) == 1
    sent = stub.received[0]
    assert sent["json"] == outcome.record.request["json"]  # what is recorded is what was sent
    assert outcome.record.status == expected, outcome.record.error
    assert TOKEN not in json.dumps(outcome.record.request) and TOKEN not in outcome.record.response
    if platform == "facebook":
        assert sent["json"] == {
            "message": f"Tiêm sởi miễn phí {HOSTILE}",  # plain text to Facebook, which shows it as such
            "link": "https://thainguyen.gov.vn/tin/1",
        }  # the Facebook variant's text
        assert outcome.record.url == "https://www.facebook.com/1234567890_987654321"
        approved.refresh_from_db()
        assert approved.status == ItemStatus.PUBLISHED
    if platform == "youtube":
        assert outcome.record.request["answer"]["upload_url"].endswith("upload_id=xyz")
        assert sent["headers"]["X-Upload-Content-Type"] == "video/*"
    if platform == "tiktok":
        assert outcome.record.external_id == "v_pub_url~v2.123"
        assert sent["json"]["source_info"]["video_url"] == media


@pytest.mark.parametrize(("platform", "needle"), [
    ("facebook", "OAuthException 190: Invalid OAuth access token"), ("zalo", "Zalo -216: Access token is invalid"),
    ("youtube", "YouTube 401: Request had invalid credentials."),
    ("tiktok", "TikTok access_token_invalid: The access token is invalid"),
])  # fmt: skip
def test_an_error_answer_is_recorded_clearly(
    platform: str, needle: str, stub: Stub, accounts: None, approved: ContentItem, agency_officer: User
) -> None:
    stub.fail = True
    outcome = publishing.do_publish(agency_officer, approved, platform, dry_run=False, media_url=CASES[platform][1])
    record = PublicationRecord.objects.get(pk=outcome.record.pk)
    assert record.status == PublicationStatus.FAILED and needle in record.error
    assert needle in outcome.message
    assert TOKEN not in record.error and TOKEN not in record.response  # Facebook echoed it: scrubbed
    approved.refresh_from_db()
    assert approved.status == ItemStatus.APPROVED


def test_an_unreachable_platform_is_a_failed_record(
    settings: Any, accounts: None, approved: ContentItem, agency_officer: User
) -> None:
    settings.FETCH_ALLOW_HOSTS = []
    settings.CAMPAIGNS_FACEBOOK_API = "http://127.0.0.1:9/v23.0"
    outcome = publishing.do_publish(agency_officer, approved, "facebook", dry_run=False)
    assert outcome.record.status == PublicationStatus.FAILED and "127.0.0.1" in outcome.record.error


def test_missing_account_or_media_is_refused_before_anything_is_built(
    stub: Stub, approved: ContentItem, agency_officer: User
) -> None:
    with pytest.raises(ValidationError, match="chưa khai báo tài khoản"):
        publishing.do_publish(agency_officer, approved, "facebook", dry_run=True)
    with pytest.raises(ValidationError, match="ảnh bìa"):
        publishing.do_publish(agency_officer, approved, "zalo", dry_run=True)
    assert PublicationRecord.objects.count() == 0 and stub.received == []


def test_the_registry_names_each_plugin_and_defaults_to_the_official_urls() -> None:
    assert get_connector("facebook").base_url() == "https://graph.facebook.com/v23.0"
    assert get_connector("zalo").base_url() == "https://openapi.zalo.me"
    assert get_connector("youtube").base_url() == "https://www.googleapis.com"
    assert get_connector("tiktok").base_url() == "https://open.tiktokapis.com"
    with pytest.raises(LookupError):
        get_connector("myspace")


def test_a_sent_record_is_completed_by_hand(
    stub: Stub, accounts: None, approved: ContentItem, agency_officer: User
) -> None:
    sent = publishing.do_publish(agency_officer, approved, "tiktok", dry_run=False, media_url=CASES["tiktok"][1])
    publishing.do_mark_published(agency_officer, approved, "tiktok", url="https://www.tiktok.com/@soyte/video/1",
                                 record=sent.record)  # fmt: skip
    sent.record.refresh_from_db()
    approved.refresh_from_db()
    assert sent.record.status == PublicationStatus.PUBLISHED and approved.status == ItemStatus.PUBLISHED
