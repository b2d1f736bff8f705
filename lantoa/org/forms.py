from __future__ import annotations

from typing import Any

from django import forms

from lantoa.org.models import Organisation, Person
from lantoa.org.services import ORGANISATION_FIELDS, ORGANISATION_SELF_SERVICE_FIELDS


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
        fields = ["full_name", "title", "organisation", "phone", "email", "is_spokesperson", "is_active", "note"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

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
