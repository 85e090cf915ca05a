from django.urls import URLPattern, URLResolver, path

from awaaz.activities.views import events as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("events/", views.calendar, name="calendar"),
    path("events/month/", views.calendar_month, name="calendar_month_current"),
    path("events/month/<int:year>/<int:month>/", views.calendar_month, name="calendar_month"),
    path("events/feed.ics", views.ical_national, name="ical_national"),
    path("events/feed/chapter/<slug:slug>.ics", views.ical_chapter, name="ical_chapter"),
    path("events/feed/province/<slug:slug>.ics", views.ical_province, name="ical_province"),
    path("events/rsvp/cancel/<str:token>/", views.rsvp_cancel, name="rsvp_cancel"),
    path("events/manage/", views.manage_index, name="events_manage"),
    path("events/manage/<slug:chapter>/", views.manage_chapter, name="events_manage_chapter"),
    path("events/manage/<slug:chapter>/new/", views.event_new, name="event_new"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("events/<slug:slug>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<slug:slug>/held/", views.event_held, name="event_held"),
    path("events/<slug:slug>/rsvps/", views.event_rsvps, name="event_rsvps"),
    path("events/<slug:slug>/door/<str:token>/", views.event_door, name="event_door"),
]
