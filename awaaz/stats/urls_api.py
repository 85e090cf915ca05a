"""The open-data JSON API, mounted at /api/v1/ with the namespace "api" (no language prefix)."""

from django.urls import URLPattern, URLResolver, path

from awaaz.stats import views_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_api.index, name="index"),
    path("openapi.json", views_api.openapi_json, name="openapi"),
    path("releases/", views_api.release_list, name="release_list"),
    path("releases/<str:version>/", views_api.release_detail, name="release_detail"),
    path("releases/<str:version>/tables/", views_api.table_list, name="table_list"),
    path(
        "releases/<str:version>/tables/<str:slug>/",
        views_api.table_detail,
        name="table_detail",
    ),
    path("official-figures/", views_api.official_figures, name="official_figures"),
]
