"""Factories whose text fields carry markup, so that every page test is also an XSS test."""

from __future__ import annotations

import factory

from lantoa.org.models import Organisation, OrganisationKind, Person

# Two payloads, because they fail in different places: a <script> element is what escaping is usually checked
# against, while an event-handler attribute runs without any <script> (it survives a filter that strips script
# elements, and a template that puts text into an attribute unquoted).
HOSTILE_SCRIPT = '<script>alert("xss")</script>'
HOSTILE_ATTR = "<img src=x onerror=alert(1)>"
HOSTILE = HOSTILE_SCRIPT + HOSTILE_ATTR
# HOSTILE as Django's autoescape writes it.
HOSTILE_ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
# What must never come out of a page as is: the start of each payload. Checking the whole HOSTILE alone would pass
# a page that escapes the script tag but lets the <img> through.
UNESCAPED_MARKERS = ("<script>alert", "<img src=x onerror")


def unescaped(text: str) -> list[str]:
    """The payloads that come out of ``text`` as live markup (an empty list when every one is escaped)."""
    return [marker for marker in UNESCAPED_MARKERS if marker in text]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"co-quan-thu-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan thử {n} {HOSTILE}")
    short_name = factory.Sequence(lambda n: f"CQ{n}")
    kind = OrganisationKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n} {HOSTILE}")
    title = f"Phó Giám đốc {HOSTILE}"
    organisation = factory.SubFactory(OrganisationFactory)
    phone = "0208 3855 123"
    email = factory.Sequence(lambda n: f"can-bo-{n}@example.gov.vn")
