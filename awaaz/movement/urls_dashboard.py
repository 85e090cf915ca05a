from django.urls import URLPattern, URLResolver, path

from awaaz.movement.views import dashboard as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
