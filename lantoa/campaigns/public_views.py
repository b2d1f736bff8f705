"""The public page of one published content item (the feeds' links point here)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lantoa.campaigns.feeds import published_items


def item(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(published_items(), pk=pk)
    return render(request, "campaigns/public_item.html", {"item": found, "version": found.published_version})
