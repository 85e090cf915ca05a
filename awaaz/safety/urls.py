"""Safety URLs: the intake (what a reporter sees) and the console (case workers) are separate
URL spaces with separate templates; `urls_intake`, `urls_console` and `urls_directory` hold them."""

from awaaz.safety import urls_console, urls_directory, urls_intake

app_name = "safety"
urlpatterns = [*urls_intake.urlpatterns, *urls_console.urlpatterns, *urls_directory.urlpatterns]
