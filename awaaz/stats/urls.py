"""Statistics pages (tables, charts, estimates, method), under /<lang>/statistics/.

The open-data API is not language-prefixed: awaaz/urls.py mounts `urls_api` at /api/v1/ with the
namespace "api"."""

from awaaz.stats import urls_pages

app_name = "stats"
urlpatterns = [*urls_pages.urlpatterns]
