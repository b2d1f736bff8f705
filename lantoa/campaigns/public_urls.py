"""Public feeds of published content (the provincial portal and agency sites pull them)."""

from django.urls import path

from lantoa.campaigns import feeds, public_views

app_name = "campaigns_public"
urlpatterns = [
    path("", feeds.PublishedAtom(), name="atom"),
    path("rss/", feeds.PublishedRss(), name="rss"),
    path("bai/<int:pk>/", public_views.item, name="item"),
    path("<slug:code>/", feeds.PublishedAtom(), name="org_atom"),
    path("<slug:code>/rss/", feeds.PublishedRss(), name="org_rss"),
]
