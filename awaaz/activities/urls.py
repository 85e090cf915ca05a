"""Activities URLs, one module per area (events, reports, campaign); each holds a plain list."""

from awaaz.activities import urls_campaign, urls_events, urls_reports

app_name = "activities"
urlpatterns = [*urls_events.urlpatterns, *urls_reports.urlpatterns, *urls_campaign.urlpatterns]
