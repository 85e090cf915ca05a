from django.urls import URLPattern, URLResolver, path

from awaaz.movement.views import chapters as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("chapters/", views.chapter_list, name="chapter_list"),
    path("chapters/manage/", views.chapter_console, name="chapter_console"),
    path("chapters/<slug:slug>/", views.chapter_detail, name="chapter_detail"),
    path("chapters/<slug:slug>/contact/", views.chapter_contact, name="chapter_contact"),
    path("chapters/<slug:slug>/join/", views.chapter_join, name="chapter_join"),
    path("chapters/<slug:slug>/manage/", views.chapter_manage, name="chapter_manage"),
    path(
        "chapters/<slug:slug>/manage/requests/<int:pk>/",
        views.chapter_join_decide,
        name="chapter_join_decide",
    ),
    path(
        "chapters/<slug:slug>/manage/members/<int:pk>/contact/",
        views.chapter_member_contact,
        name="chapter_member_contact",
    ),
    path(
        "chapters/<slug:slug>/manage/description/",
        views.chapter_description_edit,
        name="chapter_description_edit",
    ),
    path(
        "chapters/<slug:slug>/manage/status/",
        views.chapter_status_edit,
        name="chapter_status_edit",
    ),
]
