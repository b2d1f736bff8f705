"""API of the registry: organisations and people, scoped by the same rules as the app."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, ModelSchema, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lantoa.accounts.permissions import acting_user
from lantoa.org import services
from lantoa.org.models import Organisation, Person

router = Router(tags=["org"])


class OrganisationOut(ModelSchema):
    parent_id: int | None
    commune_code: int | None = Field(None, alias="commune.code")

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "short_name", "kind", "email", "phone", "website", "address", "is_active"]


class PersonOut(ModelSchema):
    organisation_id: int

    class Meta:
        model = Person
        fields = ["id", "full_name", "title", "phone", "email", "is_spokesperson", "is_active"]


class PersonIn(Schema):
    full_name: str
    organisation_id: int
    title: str = ""
    phone: str = ""
    email: str = ""
    is_spokesperson: bool = False


class PersonPatch(Schema):
    full_name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    is_spokesperson: bool | None = None
    is_active: bool | None = None


@router.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest) -> object:
    return services.visible_organisations(acting_user(request)).order_by("sort_order", "name")


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=organisation_id)
    services.check_can_view_organisation(acting_user(request), organisation)
    return organisation


@router.get("/people", response=list[PersonOut])
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, organisation_id: int | None = None) -> object:
    people = services.visible_people(acting_user(request))
    return people.filter(organisation_id=organisation_id) if organisation_id else people


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> Person:
    person = get_object_or_404(Person, pk=person_id)
    services.check_can_view_person(acting_user(request), person)
    return person


@router.post("/people", response={201: PersonOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    values = payload.dict()
    organisation = get_object_or_404(Organisation, pk=values.pop("organisation_id"))
    person = services.do_create_person(acting_user(request), {**values, "organisation": organisation})
    return Status(201, person)


@router.patch("/people/{person_id}", response=PersonOut)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    person = get_object_or_404(Person, pk=person_id)
    services.check_can_view_person(acting_user(request), person)
    return services.do_update_person(acting_user(request), person, payload.dict(exclude_unset=True))
