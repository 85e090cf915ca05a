"""The pledge: take it, confirm it by link or code, say thank you, and the public pledge wall."""

from django.urls import URLPattern, URLResolver, path

from awaaz.movement.views import pledges as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("pledge/", views.pledge, name="pledge"),
    path("pledge/sent/", views.pledge_sent, name="pledge_sent"),
    path("pledge/code/<str:ticket>/", views.pledge_sent, name="pledge_code"),
    path("pledge/confirm/<str:token>/", views.pledge_confirm, name="pledge_confirm"),
    path("pledge/resend/<str:token>/", views.pledge_resend, name="pledge_resend"),
    path("pledge/thanks/<str:signed>/", views.pledge_thanks, name="pledge_thanks"),
    path("pledges/", views.pledge_wall, name="pledge_wall"),
]
