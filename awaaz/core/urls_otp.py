"""Two-factor pages. Included in awaaz/core/urls.py, so the names are "core:otp_*"."""

from django.urls import URLPattern, URLResolver, path

from awaaz.core import otp

urlpatterns: list[URLPattern | URLResolver] = [
    path("two-factor/enrol/", otp.enrol, name="otp_enrol"),
    path("two-factor/verify/", otp.verify, name="otp_verify"),
    path("two-factor/backup-codes/", otp.backup_codes, name="otp_backup_codes"),
]
