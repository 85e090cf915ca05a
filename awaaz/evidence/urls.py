"""Evidence URLs: the coders' queue and review screens, and official figures."""

from django.urls import URLPattern, URLResolver

app_name = "evidence"
urlpatterns: list[URLPattern | URLResolver] = []
