from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "awaaz.safety"
    label = "safety"
    verbose_name = _("Safe reporting")

    def ready(self) -> None:
        # Keep intake request lines out of Django's loggers from the first request on.
        from awaaz.safety.intake_guard import install_log_filter

        install_log_filter()
