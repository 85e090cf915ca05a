"""T3's pages under /<lang>/statistics/: open-data downloads and the API's documentation.

Included in urls_pages.py, so the names live in the "stats" namespace."""

from django.urls import URLPattern, URLResolver, path, re_path

from awaaz.stats import views_opendata

urlpatterns: list[URLPattern | URLResolver] = [
    path("open-data/", views_opendata.open_data, name="open_data"),
    path("open-data/<str:version>/", views_opendata.open_data, name="open_data_release"),
    path(
        "open-data/<str:version>/SHA256SUMS",
        views_opendata.open_data_checksums,
        name="open_data_checksums",
    ),
    path(
        "open-data/<str:version>/<slug:slug>/",
        views_opendata.open_data_dictionary,
        name="open_data_dictionary",
    ),
    re_path(
        r"^open-data/(?P<version>[A-Za-z0-9._-]+)/(?P<slug>[a-z0-9_-]+)\.(?P<fmt>csv|json|xlsx)$",
        views_opendata.open_data_file,
        name="open_data_file",
    ),
    path("api/", views_opendata.api_docs, name="api_docs"),
]
