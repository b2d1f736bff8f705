from __future__ import annotations

from django import forms

from lantoa.monitoring.models import Source


class SourceForm(forms.ModelForm[Source]):
    class Meta:
        model = Source
        fields = ["name", "kind", "url", "outlet", "options", "poll_minutes", "is_active"]
