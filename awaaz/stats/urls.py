"""Statistics URLs: public pages (tables, charts, estimates, method) and the open-data API."""

from awaaz.stats import urls_api, urls_pages

app_name = "stats"
urlpatterns = [*urls_pages.urlpatterns, *urls_api.urlpatterns]
