"""Evidence URLs: the coders' queue and review screens, and official figures."""

from django.urls import URLPattern, URLResolver

from awaaz.evidence import urls_coding

app_name = "evidence"
urlpatterns: list[URLPattern | URLResolver] = [
    *urls_coding.urlpatterns,
]
