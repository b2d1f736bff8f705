"""Every page, filled with hostile text, checked as a browser would parse it.

Pages are those of the authorization matrix (same walk), plus the first link from them to each other view (the
detail pages of the seeded objects), opened by an administrator and a press officer, and the public ones
anonymously, after the data of every domain was created with ``<script>`` and event-handler payloads
(``lantoa.testing.factories.HOSTILE``) in its text. Each HTML page must have: a CSRF token in every POST form (and
in ``<body hx-headers>`` where htmx posts), no inline script but ``json_script`` data, no ``on*`` attribute and no
``javascript:`` URL, the payloads only escaped; every response the CSP header with a script-src that allows neither
inline scripts nor eval. Then every walked page and every target of the forms found is posted without a CSRF token:
403 from the CSRF check, never a state change.

The page tests of each app assert the same escaping on their own pages and objects; this one is the sweep that no
page is forgotten. ``LANTOA_HARDENING_REPORT=1`` prints the counts (quoted in doc/security.md).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.accounts.services import do_create_api_token
from lantoa.alerts import services as alerts
from lantoa.alerts.models import Notification
from lantoa.audit.models import AuditEvent
from lantoa.briefings import services as briefings
from lantoa.briefings.models import BriefingKind
from lantoa.briefings.tests.helpers import make_briefing
from lantoa.campaigns import services as campaigns
from lantoa.campaigns.models import ContentItem
from lantoa.cases import services as cases
from lantoa.consultation import services as consultation
from lantoa.consultation.models import Comment, Phase
from lantoa.consultation.tests.drafts import draft_docx
from lantoa.core.tests.test_authorization_matrix import PUBLIC_PREFIXES, pages
from lantoa.digests import services as digests
from lantoa.disclosure.tests.conftest import entered, published
from lantoa.monitoring import services as monitoring
from lantoa.monitoring.models import Item, SourceKind, Story
from lantoa.orders.tests.conftest import issued_order, make_line
from lantoa.org.models import Organisation, Outlet, OutletScope, Person
from lantoa.plans import training
from lantoa.plans.tests.conftest import SMALL_PLAN, write_plan
from lantoa.press import services as press
from lantoa.press.tests.conftest import open_request
from lantoa.testing.factories import HOSTILE, HOSTILE_ATTR, OrganisationFactory, PersonFactory, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.trends.tests.helpers import make_item

pytestmark = pytest.mark.django_db

# Left out of the POST sweep: the REST API. django-ninja's views are exempt from Django's CSRF middleware because
# the API authenticates by bearer token, which a browser never attaches to a forged cross-site request
# (doc/security.md); for a browser session it runs the CSRF check itself and answers in JSON. That one case is
# checked below (test_the_api_refuses_a_session_post_without_a_csrf_token); what the API accepts is the API fuzz
# test's subject (test_api_fuzz.py).
API = "/api/"
HTML = "text/html"
# Parsed content types other than HTML where live markup would matter (feeds are read by readers that render it).
MARKUP = ("text/html", "application/xml", "text/xml", "application/rss+xml", "application/atom+xml")
# Attribute names whose value is a URL a browser follows or runs.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "hx-get", "hx-post"}
HTMX_WRITES = ("hx-post", "hx-put", "hx-patch", "hx-delete")
# Links not followed: the Django admin (its own templates, styled under the CSP's style exception), downloads.
SKIPPED_LINKS = ("/quan-tri/", "/media/", "/static/")
FORBIDDEN_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"}
# Control characters and whitespace a browser drops from a URL before reading its scheme ("java\tscript:").
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure view during the POST sweep: marks its 403 so that a 403 from a permission check (which would
    come after the view ran) is not taken for the CSRF check."""
    response = HttpResponseForbidden(reason)
    response["X-Test-Csrf-Refused"] = reason
    return response


@dataclass
class Form:
    method: str
    action: str
    has_token: bool = False
    fields: list[str] = field(default_factory=list)


@dataclass
class Findings:
    """What one HTML page holds that matters here."""

    forms: list[Form] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    javascript_urls: list[str] = field(default_factory=list)
    htmx_writes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    json_scripts: int = 0
    body_headers: str | None = None


class PageParser(HTMLParser):
    """The stdlib parser sees markup as a browser's tokenizer does: escaped text stays text, a live tag is a tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Findings()
        self._open_forms: list[Form] = []
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            # onclick, onerror…; htmx's hx-on* attributes are inline handlers too (run through eval).
            if re.fullmatch(r"on[a-z]+", name) or name.startswith(("hx-on", "data-hx-on")):
                self.found.handlers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and URL_NOISE.sub("", value).lower().startswith(("javascript:", "vbscript:")):
                self.found.javascript_urls.append(f"<{tag} {name}={value!r}>")
            if name in HTMX_WRITES:
                self.found.htmx_writes.append(value)
        if tag == "a" and values.get("href"):
            self.found.links.append(values["href"])
        elif tag == "body":
            self.found.body_headers = values.get("hx-headers")
        elif tag == "form":
            form = Form(values.get("method", "get").lower(), values.get("action", ""))
            self.found.forms.append(form)
            self._open_forms.append(form)
        elif tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self._open_forms:
            self._open_forms[-1].has_token = values.get("type", "").lower() == "hidden" and bool(values.get("value"))
        elif tag in ("input", "select", "textarea") and values.get("name") and self._open_forms:
            self._open_forms[-1].fields.append(values["name"])
        elif tag == "script" and "src" not in values:
            self._script = (values.get("type", "").lower(), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open_forms:
            self._open_forms.pop()
        elif tag == "script" and self._script is not None:
            kind, text = self._script
            # json_script writes type="application/json": data, never run (and "<", ">", "&" are \u-escaped in it).
            if kind == "application/json":
                self.found.json_scripts += 1
            else:
                self.found.inline_scripts.append(f"<script type={kind!r}>{''.join(text)[:80]}")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)


def parse(body: str) -> Findings:
    parser = PageParser()
    parser.feed(body)
    parser.close()
    return parser.found


def script_sources(csp: str) -> set[str]:
    directives = {part.split()[0].lower(): part.split()[1:] for part in csp.split(";") if part.split()}
    # Without script-src a browser falls back to default-src; without either, anything goes.
    return set(directives.get("script-src", directives.get("default-src", ["*"])))


# --- data: every domain, with the hostile payloads in its text ------------------------------------------------------


def seed(tmp_path: Path, press_officer: User, agency_officer: User) -> None:
    """Through the services where they exist (so that what is stored is what a user could store), model rows where
    a state would take a long workflow to reach (a published content item)."""
    now = timezone.now()
    today = timezone.localdate()
    so_y_te = Organisation.objects.get(code="so-y-te")
    outlet = Outlet.objects.get(code="bao-thai-nguyen")
    organisation = OrganisationFactory()
    hostile_outlet = Outlet.objects.create(code="bao-thu", name=f"Báo thử {HOSTILE}", scope=OutletScope.PROVINCIAL)
    # Registry, network, training; the personas' own tokens (their account page).
    people = [
        PersonFactory(organisation=so_y_te, is_spokesperson=True, confirmed_on=today),
        PersonFactory(organisation=organisation, is_information_provider=True),
        PersonFactory(organisation=so_y_te, is_communicator=True, communication_duties=f"Quản trị trang {HOSTILE}"),
    ]
    session = training.do_create_session(press_officer, held_on=today, topic=f"Kỹ năng phát ngôn {HOSTILE}")
    training.do_add_attendees(press_officer, session, [person.pk for person in people])
    for user in User.objects.all():
        do_create_api_token(user, user, f"Cổng {HOSTILE}")
    # Monitoring: a source, items of the last hours in a negative story.
    monitoring.do_create_source(None, {"name": f"Nguồn {HOSTILE}", "kind": SourceKind.FILE, "url": ""})
    story = Story.objects.create(title=f"Sạt lở {HOSTILE}", relevant=True, outlet_count=3, item_count=3)
    items = [
        make_item(now - timedelta(hours=2 * n + 1), title=f"Sạt lở đất ở Phú Bình {HOSTILE} {n}", polarity="neg",
                  story=story, outlet=hostile_outlet if n == 0 else None, outlet_name=f"Báo {n} {HOSTILE}",
                  lead=f"Tóm tắt {HOSTILE}") for n in range(3)
    ]  # fmt: skip
    # The item page marks place names in the text (markup built in the view, around escaped pieces).
    Item.objects.filter(pk__in=[item.pk for item in items]).update(
        body=f"Mưa lớn ở xã Phú Bình {HOSTILE} gây sạt lở.\n{HOSTILE} Định Hóa {HOSTILE_ATTR}Đại Từ"
    )
    # Alerts: a rule, and a notification for every persona.
    rule = alerts.do_create_rule(press_officer, {"name": f"Sạt lở {HOSTILE}", "query": "sạt lở"})
    for user in User.objects.all():
        Notification.objects.create(user=user, rule=rule, story=story, title=f"Cảnh báo {HOSTILE}", body=HOSTILE)
    # Digest: the one that holds the items (a daily digest dated D covers D-1 06:30 to D 06:30), issued, public.
    digest = digests.do_create_draft(press_officer, "day", timezone.localdate(now + timedelta(hours=15)))
    digests.do_set_note(press_officer, digest, f"Ghi chú {HOSTILE}")
    digests.do_set_public(press_officer, digests.do_issue(press_officer, digest), True)
    digests.do_subscribe(press_officer, "lanh-dao@example.gov.vn", f"Lãnh đạo {HOSTILE}")
    # Press: a request answered and published.
    request = open_request(press_officer, outlet, received_on=today - timedelta(days=3), story=story, today=today)
    request = press.do_assign(press_officer, request, organisation)
    request = press.do_save_draft(press_officer, request, f"Sở trả lời {HOSTILE}")
    request = press.do_approve(press_officer, request, f"Giám đốc đồng ý {HOSTILE}")
    request = press.do_answer(press_officer, request, channel="press", where=f"Báo {HOSTILE}", answered_on=today)
    press.do_publish(press_officer, request, f"Sở trả lời {HOSTILE}", no_personal_data=True)
    # Briefings: one open to questions, with a question from the public form; a conference; an urgent statement.
    briefing = make_briefing(accepts_questions=True)
    make_briefing(kind=BriefingKind.CONFERENCE, title=f"Họp báo {HOSTILE}", starts_at=now - timedelta(days=2))
    submission = briefings.Submission(f"Phóng viên {HOSTILE}", f"Báo {HOSTILE}", "pv@example.vn", f"Hỏi {HOSTILE}?")
    question = briefings.do_submit_question(briefing, submission, "192.0.2.1")
    briefings.do_assign_question(press_officer, question, so_y_te)
    briefings.do_record_statement(press_officer, {
        "title": f"Phát ngôn {HOSTILE}", "organisation": so_y_te, "event_at": now - timedelta(hours=5),
        "statement_at": now - timedelta(hours=1), "form": "release", "summary": f"Tóm tắt {HOSTILE}", "url": "",
    })  # fmt: skip
    # Cases.
    cases.do_open_case(press_officer, items[0], f"Lý do {HOSTILE}", title=f"Vụ việc {HOSTILE}")
    # Consultations: a draft with a comment, and one open to the public.
    draft = consultation.do_create(agency_officer, title=f"Dự thảo {HOSTILE}", summary=f"Tóm tắt {HOSTILE}")
    Comment.objects.create(consultation=draft, text=f"Góp ý {HOSTILE}", author_name=f"Dân {HOSTILE}", verified_at=now)
    open_draft = consultation.do_create(agency_officer, title=f"Dự thảo lấy ý kiến {HOSTILE}")
    consultation.do_import_draft(agency_officer, open_draft, "du-thao.docx", draft_docx())
    consultation.do_update(agency_officer, open_draft, title=f"Dự thảo lấy ý kiến {HOSTILE}",
                           summary=f"Tóm tắt {HOSTILE}", closes_at=now + timedelta(days=30))  # fmt: skip
    consultation.do_advance(agency_officer, open_draft, Phase.OPEN)
    # Campaigns: a campaign with an item, published (the public feeds), an approval chain.
    campaign = campaigns.do_create_campaign(
        agency_officer, so_y_te, title=f"Tiêm chủng {HOSTILE}", policy=f"Chính sách {HOSTILE}",
        goals=f"Mục tiêu {HOSTILE}", audience="Cha mẹ", messages="Tiêm đủ", starts_on=today, ends_on=today,
        channels=["facebook"],
    )  # fmt: skip
    item = campaigns.do_create_item(agency_officer, campaign, title=f"Tin {HOSTILE}", body=f"Nội dung {HOSTILE}",
                                    planned_on=today, variants=[])  # fmt: skip
    ContentItem.objects.filter(pk=item.pk).update(
        status="published", published_version=item.current_version, published_at=now
    )
    chain = campaigns.do_create_chain(press_officer, so_y_te, f"Duyệt {HOSTILE}")
    campaigns.do_add_step(press_officer, chain, role="agency_officer")
    # Disclosure: a request and published entries (the public index lists the organisations that have some).
    entered(press_officer, so_y_te, received_on=today, today=today)
    published(press_officer, so_y_te, published_on=today, issued_on=today, today=today)
    published(press_officer, organisation, published_on=today, issued_on=today, today=today)
    # Orders.
    issued_order(press_officer, make_line(so_y_te, year=today.year), outlet, starts_on=today, ends_on=today)
    # Plans: this year's plan, with hostile task titles.
    plan = json.loads(json.dumps(SMALL_PLAN).replace("2026", str(today.year)))
    call_command("loadplan", str(write_plan(tmp_path, plan)), stdout=io.StringIO())


@pytest.fixture
def hostile_data(tmp_path: Path, settings: Any, admin_user: User, press_officer: User, agency_officer: User) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    seed(tmp_path, press_officer, agency_officer)


# --- the checks -------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts for doc/security.md, and the floors that keep the test from passing on empty pages."""

    responses: Counter[str] = field(default_factory=Counter)
    html_pages: Counter[str] = field(default_factory=Counter)
    linked_pages: Counter[str] = field(default_factory=Counter)
    reflected_queries: Counter[str] = field(default_factory=Counter)
    pages_with_payload: Counter[str] = field(default_factory=Counter)
    pages_without_payload: dict[str, list[str]] = field(default_factory=dict)
    post_forms: Counter[str] = field(default_factory=Counter)
    htmx_writes: Counter[str] = field(default_factory=Counter)
    json_scripts: Counter[str] = field(default_factory=Counter)


def content_type(response: HttpResponse) -> str:
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def check_response(persona: str, path: str, response: HttpResponse, tally: Tally) -> tuple[list[str], Findings]:
    """The problems of one response (empty when it is sound) and what its HTML holds."""
    problems: list[str] = []
    where = f"{persona} {path}"
    tally.responses[persona] += 1
    csp = response.get("Content-Security-Policy", "")
    if not csp:
        problems.append(f"{where}: no Content-Security-Policy header")
    elif forbidden := script_sources(csp) & FORBIDDEN_SCRIPT_SOURCES:
        problems.append(f"{where}: script-src allows {sorted(forbidden)}")
    kind = content_type(response)
    found = Findings()
    if response.status_code != 200 or kind not in MARKUP or getattr(response, "streaming", False):
        return problems, found
    body = response.content.decode("utf-8", errors="replace")
    if raw := unescaped(body):
        problems.append(f"{where}: hostile text unescaped: {raw}")
    if kind != HTML:
        return problems, found
    tally.html_pages[persona] += 1
    if "&lt;script&gt;alert" in body:
        tally.pages_with_payload[persona] += 1
    else:
        tally.pages_without_payload.setdefault(persona, []).append(path.split("?")[0] + ("?…" if "?" in path else ""))
    found = parse(body)
    tally.json_scripts[persona] += found.json_scripts
    for form in found.forms:
        if form.method == "post":
            tally.post_forms[persona] += 1
            if not form.has_token:
                problems.append(f"{where}: POST form to {form.action or '(itself)'!r} without csrfmiddlewaretoken")
    if found.htmx_writes:
        tally.htmx_writes[persona] += len(found.htmx_writes)
        headers = json.loads(found.body_headers or "{}")
        if not headers.get("X-CSRFToken"):
            problems.append(f"{where}: htmx posts {found.htmx_writes[:3]} but <body hx-headers> has no CSRF token")
    problems += [f"{where}: inline script {script}" for script in found.inline_scripts]
    problems += [f"{where}: event handler {handler}" for handler in found.handlers]
    problems += [f"{where}: script URL {url}" for url in found.javascript_urls]
    return problems, found


def local_path(base: str, url: str) -> str | None:
    """The path ``url`` leads to from ``base`` when it stays on this site and names one of its views."""
    target = urlsplit(urljoin(base, url))
    if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
        return None
    try:
        resolve(target.path)
    except Resolver404:
        return None
    return target.path


def walk(tally: Tally, personas: dict[str, Client]) -> tuple[list[str], set[str]]:
    """GET every page as each persona (anonymous: the public pages only), then, one step further, the first link
    to each other view those pages hold (the detail pages of the seeded objects, where most of their text is shown).
    Each page with a GET form (search, filters) is opened once more with the payloads in every field of the form:
    reflected text. Returns the problems found and the targets of the POST forms and htmx writes of all pages."""
    problems: list[str] = []
    targets: set[str] = set()
    walked = set(pages())
    for persona, client in personas.items():
        linked: dict[str, str] = {}  # view name -> first path to it

        def visit(path: str, persona: str = persona, client: Client = client, linked: dict[str, str] = linked) -> None:
            response = client.get(path)
            assert response.status_code < 500, (persona, path)
            found_problems, found = check_response(persona, path, response, tally)
            problems.extend(found_problems)
            if "?" not in path:
                for form in found.forms:
                    if form.method == "get" and form.fields and (target := local_path(path, form.action)):
                        tally.reflected_queries[persona] += 1
                        visit(f"{target}?{urlencode(dict.fromkeys(form.fields, HOSTILE))}", linked={})
            for action in [form.action for form in found.forms if form.method == "post"] + found.htmx_writes:
                if (target := local_path(path, action)) is not None:
                    targets.add(target)
            for href in found.links:
                target = local_path(path, href)
                if target is None or target in walked or target.startswith(SKIPPED_LINKS):
                    continue
                if persona == "anonymous" and not target.startswith(PUBLIC_PREFIXES):
                    continue
                linked.setdefault(resolve(target).view_name, target)

        for path in sorted(walked):
            if persona != "anonymous" or path.startswith(PUBLIC_PREFIXES):
                visit(path)
        for path in sorted(set(linked.values())):
            tally.linked_pages[persona] += 1
            visit(path, linked={})  # not followed further
    return problems, targets


def report(title: str, values: dict[str, Any]) -> None:
    if os.environ.get("LANTOA_HARDENING_REPORT"):
        print(f"\n{title}: " + json.dumps(values, ensure_ascii=False, default=dict))


def test_pages_escape_hostile_text_and_carry_csrf_and_csp(
    hostile_data: None, admin_user: User, press_officer: User
) -> None:
    tally = Tally()
    personas = {"admin": client_for(admin_user), "press_officer": client_for(press_officer), "anonymous": Client()}
    problems, _ = walk(tally, personas)
    report("pages", vars(tally))
    assert not problems, "\n".join(problems)
    # The sweep means something only if the pages showed the data: most staff pages do (the rest are forms,
    # statistics and reference lists), and so do the public ones that list what the seed published.
    for persona, floor in (("admin", 60), ("press_officer", 60), ("anonymous", 10)):
        assert tally.pages_with_payload[persona] >= floor, (persona, tally.pages_with_payload)
    assert tally.post_forms["admin"] >= 150 and tally.post_forms["anonymous"] >= 5, tally.post_forms


@override_settings(CSRF_FAILURE_VIEW=f"{__name__}.csrf_refused")
def test_posts_without_a_csrf_token_are_refused(hostile_data: None, admin_user: User) -> None:
    """A forged POST from another site: the browser sends the session and CSRF cookies, the attacker cannot put the
    token into the form. Sent to every walked page (one that takes only GET is refused all the same: the CSRF check
    runs before the view) and to every target of a POST form or htmx write on the admin's and the public pages and
    on the pages they link to; as the administrator, and anonymously to the public targets."""
    _, targets = walk(Tally(), {"admin": client_for(admin_user), "anonymous": Client()})
    targets = {path for path in targets | set(pages()) if not path.startswith(API)}
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(admin_user)
    admin.get("/tai-khoan/")  # sets the CSRF cookie, as any page with a form does
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.get("/cong-khai/thong-tin/yeu-cau/")  # a public form
    assert admin.cookies.get("csrftoken") and anonymous.cookies.get("csrftoken")
    events = AuditEvent.objects.count()
    sent: Counter[str] = Counter()
    for path in sorted(targets):
        for persona, client in (("admin", admin), ("anonymous", anonymous)):
            if persona == "anonymous" and not path.startswith(PUBLIC_PREFIXES):
                continue
            response = client.post(path, {"name": HOSTILE, "text": HOSTILE})
            assert response.status_code == 403 and response.get("X-Test-Csrf-Refused"), (persona, path, response)
            sent[persona] += 1
    assert AuditEvent.objects.count() == events, "a refused POST changed something"
    report("posts", {"targets": len(targets), "sent": sent, "form_targets": sorted(targets - set(pages()))})
    assert sent["admin"] >= len(pages()) + 30 and sent["anonymous"] >= 15, sent


def test_the_checks_catch_what_they_look_for() -> None:
    """The sweep passing means something only if each check fires on a page that breaks it."""
    page = (
        '<body hx-headers=\'{"X-CSRFToken": ""}\'><form method="POST" action="/x/"><input name="a"></form>'
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
        f'<script>go()</script><script type="application/json" id="d">{{}}</script><p>{HOSTILE}</p>'
        '<a href=" java\tscript:alert(1)">x</a><button hx-post="/y/" hx-on:click="go()">y</button>'
    )
    response = HttpResponse(page)
    response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    problems, found = check_response("test", "/", response, Tally())
    assert [problem.split(": ", 1)[1].split(" ", 2)[:2] for problem in problems] == [
        ["script-src", "allows"],
        ["hostile", "text"],
        ["POST", "form"],
        ["htmx", "posts"],
        ["inline", "script"],  # go()
        ["inline", "script"],  # the payload's <script>
        ["event", "handler"],  # hx-on:click
        ["event", "handler"],  # the payload's onerror
        ["script", "URL"],
    ], problems
    assert [form.has_token for form in found.forms] == [False, True] and found.json_scripts == 1
    assert script_sources("default-src 'self'") == {"'self'"} and script_sources("img-src 'self'") == {"*"}


def test_the_api_refuses_a_session_post_without_a_csrf_token(admin_user: User, so_y_te: Organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    client.get("/tai-khoan/")  # the CSRF cookie a logged-in browser holds
    values = {"full_name": f"Người giả mạo {HOSTILE}", "organisation_id": so_y_te.pk}
    response = client.post("/api/people", values, content_type="application/json")
    assert response.status_code == 403 and response.json() == {"detail": "CSRF check Failed"}
    assert not Person.objects.filter(full_name__startswith="Người giả mạo").exists()
