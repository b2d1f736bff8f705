"""Factories whose text fields carry markup, so that every page test is also an XSS test."""

from __future__ import annotations

import factory

from lantoa.org.models import Organisation, OrganisationKind, Person

HOSTILE = '<script>alert("xss")</script>'


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
