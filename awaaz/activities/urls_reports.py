from django.urls import URLPattern, URLResolver, path

from awaaz.activities.views import reports as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("events/<slug:slug>/report/", views.report_file, name="report_file"),
    path("events/<slug:slug>/report/edit/", views.report_edit, name="report_edit"),
    path("events/<slug:slug>/report/photos/", views.report_photo_add, name="report_photo_add"),
    path("reports/photos/<int:pk>.jpg", views.report_photo, name="report_photo"),
    path(
        "reports/photos/<int:pk>/consent/", views.report_photo_consent, name="report_photo_consent"
    ),
    path("reports/photos/<int:pk>/delete/", views.report_photo_delete, name="report_photo_delete"),
    path("media/", views.media_list, name="media_list"),
    path("media/new/", views.media_new, name="media_new"),
    path("media/<int:pk>/edit/", views.media_edit, name="media_edit"),
    path("media/<int:pk>/clipping/", views.media_clipping, name="media_clipping"),
    path("endorsements/", views.endorsements, name="endorsements"),
    path("endorsements/manage/", views.endorsements_manage, name="endorsements_manage"),
    path("endorsements/<int:pk>/edit/", views.endorsement_edit, name="endorsement_edit"),
    path("endorsements/<int:pk>/verify/", views.endorsement_verify, name="endorsement_verify"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/engagements/<int:pk>/edit/", views.engagement_edit, name="engagement_edit"),
]
