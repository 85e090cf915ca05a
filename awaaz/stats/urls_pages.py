from django.urls import URLPattern, URLResolver, path

from awaaz.stats import urls_opendata, views_pages

urlpatterns: list[URLPattern | URLResolver] = [
    # T2: the statistics home, the estimate scenario, official figures beside ours, the method.
    path("", views_pages.home, name="home"),
    path("estimate/", views_pages.estimate, name="estimate"),
    path("official-figures/", views_pages.figures, name="figures"),
    path("method/", views_pages.method, name="method"),
    # A slug holds no dot, so "trend.png" splits into name "trend" and format "png".
    path("charts/<slug:name>.<slug:fmt>", views_pages.chart_download, name="chart_download"),
    # T3: open-data downloads and the API's documentation.
    *urls_opendata.urlpatterns,
]
