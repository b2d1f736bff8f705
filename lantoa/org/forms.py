from __future__ import annotations

from typing import Any

from django import forms

from lantoa.org.models import Organisation, Person, SpokespersonBasis
from lantoa.org.services import ORGANISATION_FIELDS, ORGANISATION_SELF_SERVICE_FIELDS, PERSON_FIELDS


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)

    def __init__(self, *args: Any, province_wide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not province_wide:
            # Agency officers correct their contacts; identity and place in the tree belong to the registry keepers.
            for name in list(self.fields):
                if name not in ORGANISATION_SELF_SERVICE_FIELDS:
                    del self.fields[name]


class PersonForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "authorisation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "confirmed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        # Decree 09: by default the head of the body speaks for it; a form that leaves the basis out means that.
        self.fields["spokesperson_basis"].required = False

    def clean_spokesperson_basis(self) -> str:
        return str(self.cleaned_data.get("spokesperson_basis") or SpokespersonBasis.HEAD)

    def validate_unique(self) -> None:
        # Not the one-spokesperson constraint: the service hands the role over from the previous holder instead.
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        exclude.add("is_spokesperson")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]


def changed_values(form: forms.ModelForm[Any]) -> dict[str, Any]:
    """The cleaned values of the fields the user changed: what services' ``do_update_*`` take."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
