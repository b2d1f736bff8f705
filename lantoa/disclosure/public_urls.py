"""Public disclosure catalogues, the combined feed, and citizens' information requests (no account)."""

from django.urls import path

from lantoa.disclosure import feeds, public

app_name = "disclosure_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("atom/", feeds.PublishedEntries(), name="atom"),
    path("yeu-cau/", public.request_form, name="request"),
    path("yeu-cau/da-gui/", public.request_sent, name="request_sent"),
    path("<slug:code>/", public.catalogue, name="catalogue"),
    path("<slug:code>/atom/", feeds.PublishedEntries(), name="org_atom"),
]
