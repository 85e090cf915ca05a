from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_safe

from awaaz.core.otp import admin_site_require_otp


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


# Staff reach sensitive data through the admin: it demands a verified second factor. This must
# run before admin.site.urls is read below, which fixes the admin's login view.
admin_site_require_otp(admin.site)

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", robots_txt),
    # Machines ask for data in no language: the open-data API has no language prefix.
    path("api/v1/", include(("awaaz.stats.urls_api", "api"))),
]
urlpatterns += i18n_patterns(
    path("", include("awaaz.core.urls")),
    path("places/", include("awaaz.places.urls")),
    path("", include("awaaz.content.urls")),
    path("", include("awaaz.movement.urls")),
    path("", include("awaaz.safety.urls")),
    path("evidence/", include("awaaz.evidence.urls")),
    path("", include("awaaz.activities.urls")),
    path("statistics/", include("awaaz.stats.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=True,
)

handler400 = "awaaz.core.views.bad_request"
handler403 = "awaaz.core.views.permission_denied"
handler404 = "awaaz.core.views.page_not_found"
handler500 = "awaaz.core.views.server_error"
