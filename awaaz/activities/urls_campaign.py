from django.urls import URLPattern, URLResolver, path

from awaaz.activities.views import campaign as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("campaign/", views.campaign, name="campaign"),
    path("campaign/<slug:slug>/", views.campaign_period, name="campaign_period"),
    path("campaign/<slug:slug>/report/", views.campaign_report, name="campaign_report"),
    path(
        "campaign/<slug:slug>/report/full/",
        views.campaign_report_full,
        name="campaign_report_full",
    ),
    path("campaign/<slug:slug>/report.pdf", views.campaign_report_pdf, name="campaign_report_pdf"),
    path(
        "campaign/<slug:slug>/report.xlsx",
        views.campaign_report_xlsx,
        name="campaign_report_xlsx",
    ),
    # One province's full report, for its coordinator (and the country coordinator).
    path(
        "campaign/<slug:slug>/province/<slug:province>/report/full/",
        views.campaign_report_full,
        name="campaign_report_province",
    ),
    path(
        "campaign/<slug:slug>/province/<slug:province>/report.pdf",
        views.campaign_report_pdf,
        name="campaign_report_province_pdf",
    ),
    path(
        "campaign/<slug:slug>/province/<slug:province>/report.xlsx",
        views.campaign_report_xlsx,
        name="campaign_report_province_xlsx",
    ),
]
