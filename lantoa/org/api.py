"""API of the registry: organisations and people, scoped by the same rules as the app."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, ModelSchema, Router, Status
from ninja.pagination import paginate
from ninja.params.functions import Query

from lantoa.accounts.permissions import acting_user
from lantoa.core.api import ABSENT, BAD_BODY, ERRORS, MAX_ID, NOT_FOUND, Id, Input, Pages, text
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


EMAIL = "Địa chỉ thư điện tử (kiểm tra như trong ứng dụng), hoặc để trống."


# Inputs say what the model accepts (lengths, no NUL, no null where the column is not nullable, strict types), so
# that the OpenAPI description is a contract a client can rely on: checked by core/tests/test_api_fuzz.py.
class PersonIn(Input):
    full_name: str = text(min_length=1, max_length=120)
    organisation_id: Id
    title: str = text("", max_length=200)
    phone: str = text("", max_length=40)
    email: str = text("", max_length=254, description=EMAIL)
    is_spokesperson: bool = False


class PersonPatch(Input):
    full_name: str = text(ABSENT, min_length=1, max_length=120)
    title: str = text(ABSENT, max_length=200)
    phone: str = text(ABSENT, max_length=40)
    email: str = text(ABSENT, max_length=254, description=EMAIL)
    is_spokesperson: bool = ABSENT
    is_active: bool = ABSENT


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(Pages)
def list_organisations(request: HttpRequest) -> object:
    return services.visible_organisations(acting_user(request)).order_by("sort_order", "name")


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS, **NOT_FOUND})
def get_organisation(request: HttpRequest, organisation_id: Id) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=organisation_id)
    services.check_can_view_organisation(acting_user(request), organisation)
    return organisation


@router.get("/people", response={200: list[PersonOut], **ERRORS})
@paginate(Pages)
def list_people(request: HttpRequest, organisation_id: int | None = Query(None, ge=1, le=MAX_ID)) -> object:
    people = services.visible_people(acting_user(request))
    return people.filter(organisation_id=organisation_id) if organisation_id else people


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS, **NOT_FOUND})
def get_person(request: HttpRequest, person_id: Id) -> Person:
    person = get_object_or_404(Person, pk=person_id)
    services.check_can_view_person(acting_user(request), person)
    return person


@router.post("/people", response={201: PersonOut, **ERRORS, **NOT_FOUND, **BAD_BODY})
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    values = payload.dict()
    organisation = get_object_or_404(Organisation, pk=values.pop("organisation_id"))
    person = services.do_create_person(acting_user(request), {**values, "organisation": organisation})
    return Status(201, person)


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS, **NOT_FOUND, **BAD_BODY})
def update_person(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Person:
    person = get_object_or_404(Person, pk=person_id)
    services.check_can_view_person(acting_user(request), person)
    return services.do_update_person(acting_user(request), person, payload.dict(exclude_unset=True))
