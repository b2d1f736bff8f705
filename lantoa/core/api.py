"""What every app's API shares: the error bodies, declared in the OpenAPI description.

django-ninja documents only the success status of an operation, yet every operation also answers 401 (no or bad
credentials), 403 (no permission, or a session without its CSRF token), 422 (parameters or body that do not
validate) and 429 (rate limit, ``accounts/api_auth.py``). A client generated from /api/openapi.json, and the
schemathesis fuzz test (``core/tests/test_api_fuzz.py``), read only what is declared: so it is declared here, once.
Also the one paginator of every list, with bounds the database can hold.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, ValidationInfo, model_validator

# A database id: what a 64-bit integer column holds. Unbounded, ``?organisation_id=-12155102708003975168`` (found
# by the fuzz test) made SQLite raise OverflowError, a 500; now it is a 422 like any other bad parameter.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# PostgreSQL refuses a NUL character in text ("PostgreSQL text fields cannot contain NUL (0x00) bytes"): through the
# API, which skips the forms' ProhibitNullCharactersValidator, ``{"title": "\u0000"}`` was a 500 there (and stored
# as is on SQLite). Every text field of an API input declares this pattern: 422 on both databases.
NO_NUL = r"^[^\x00]*$"


# The default of a PATCH field: absent means unchanged (``exclude_unset``), so it is never stored; the field's type
# has no null, so an explicit null is refused (422) as the description says. (``str | None`` declared null allowed,
# and the model then refused it.)
ABSENT: Any = None


def text(default: Any = ..., *, max_length: int, min_length: int = 0, description: str | None = None) -> Any:
    """A text field of an API input: its model column's length, no NUL character (declared, so also documented)."""
    return Field(default, min_length=min_length, max_length=max_length, pattern=NO_NUL, description=description)


class Input(Schema):
    """A JSON body, taken as its description says. pydantic's lax mode accepted ``"is_spokesperson": 0`` and
    ``"5"`` for an id, and django-ninja's Schema reads attributes of whatever it is given, so that a PATCH with
    ``[null, null]`` or ``"x"`` was a 200 that changed nothing (both found by the fuzz test): strict types, and
    nothing but an object."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, values: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(values, dict):
            raise ValueError("expected a JSON object")  # pydantic turns it into a 422
        return handler(values)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    # django-ninja lists pydantic's errors ({"type", "loc", "msg"}); our handler of Django's ValidationError
    # (lantoa/api.py) maps each field to its messages.
    detail: list[dict[str, Any]] | dict[str, list[str]]


ResponseMap = dict[int | frozenset[int], type[Schema]]

# Statuses any operation may answer; add NOT_FOUND for one that looks an object up, BAD_BODY for one that reads JSON.
ERRORS: ResponseMap = {frozenset({401, 403, 429}): ErrorOut, 422: ValidationErrorOut}
NOT_FOUND: ResponseMap = {404: ErrorOut}
BAD_BODY: ResponseMap = {400: ErrorOut}  # "Cannot parse request body": not JSON at all


MAX_PAGE = 500
MAX_OFFSET = 2**31 - 1


class Pages(LimitOffsetPagination):
    """django-ninja's ``?limit=&offset=``, bounded. Unbounded, ``?offset=33354417986274697216`` (found by the fuzz
    test) reached the database as an OFFSET no 64-bit integer holds: a 500 from SQLite ("datatype mismatch") and
    from PostgreSQL. A page holds at most MAX_PAGE items (a whole table in one request is not a page); an offset past
    any table's end, up to MAX_OFFSET, is an empty page; beyond either bound the answer is 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)
