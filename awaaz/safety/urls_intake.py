"""The intake URL space, /<lang>/report/…: what a reporter sees (see views_intake).

Every path here starts with `intake_guard.INTAKE_SEGMENT`, which is how the log filter knows the
intake's requests; it is installed here so that it holds whatever LOGGING says.
"""

from django.urls import URLPattern, URLResolver, path

from awaaz.safety import views_intake
from awaaz.safety.intake_guard import install_log_filter

install_log_filter()

urlpatterns: list[URLPattern | URLResolver] = [
    path("report/", views_intake.intake_start, name="intake_start"),
    path("report/new/", views_intake.intake_report, name="intake_report"),
    path("report/contact/", views_intake.intake_contact_card, name="intake_contact_card"),
    path("report/follow-up/", views_intake.intake_followup, name="intake_followup"),
    path("report/follow-up/open/", views_intake.intake_thread, name="intake_thread"),
    path("report/follow-up/add/", views_intake.intake_add, name="intake_add"),
    path("report/follow-up/delete/", views_intake.intake_delete, name="intake_delete"),
]
