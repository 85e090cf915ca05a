"""Movement URLs, one module per area so that each area's routes live next to its views."""

from awaaz.movement import urls_account, urls_chapters, urls_dashboard, urls_pledges

app_name = "movement"
urlpatterns = [
    *urls_pledges.urlpatterns,
    *urls_chapters.urlpatterns,
    *urls_account.urlpatterns,
    *urls_dashboard.urlpatterns,
]
