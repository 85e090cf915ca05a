from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "awaaz.safety"
    label = "safety"
    verbose_name = _("Safe reporting")

    def ready(self) -> None:
        # Keep intake request lines out of Django's loggers from the first request on.
        from django.contrib.auth.signals import user_logged_out

        from awaaz.safety.intake_guard import install_log_filter
        from awaaz.safety.services import console_key_forget_at_sign_out

        install_log_filter()
        # Signing out, by whatever page, drops a case worker's unlocked key.
        user_logged_out.connect(console_key_forget_at_sign_out, dispatch_uid="safety-console-key")
