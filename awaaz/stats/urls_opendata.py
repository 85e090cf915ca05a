"""T3's pages under /<lang>/statistics/: open-data downloads and the API's documentation.

Included in urls_pages.py, so the names live in the "stats" namespace."""

from django.urls import URLPattern, URLResolver, path

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
    # The view refuses any format but csv, json and xlsx with a 404.
    path(
        "open-data/<str:version>/<slug:slug>.<slug:fmt>",
        views_opendata.open_data_file,
        name="open_data_file",
    ),
    path("api/", views_opendata.api_docs, name="api_docs"),
]
