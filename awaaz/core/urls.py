from django.urls import path

from awaaz.core import urls_otp, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    *urls_otp.urlpatterns,
]
