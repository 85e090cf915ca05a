from django.urls import URLPattern, URLResolver, path

from awaaz.safety import views_directory

# Under the intake's "report/" segment, so that the intake's log filter also keeps these
# requests out of the access logs.
urlpatterns: list[URLPattern | URLResolver] = [
    path("report/contacts/", views_directory.directory, name="directory"),
]
