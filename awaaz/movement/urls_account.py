"""Members' sign-in, profile and own data; coordinators' import and export."""

from django.urls import URLPattern, URLResolver, path

from awaaz.movement.views import account

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/sign-in/sent/", account.sign_in_sent, name="sign_in_sent"),
    path("account/sign-in/code/", account.sign_in_code, name="sign_in_code"),
    path("account/sign-in/link/<str:token>/", account.sign_in_link, name="sign_in_link"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path("account/", account.profile, name="profile"),
    path("account/confirm/code/", account.contact_code, name="contact_code"),
    path("account/confirm/<str:token>/", account.contact_link, name="contact_link"),
    path("account/my-data.json", account.my_data, name="my_data"),
    path("account/delete/", account.erase, name="erase"),
    path("account/deleted/", account.erased, name="erased"),
    path("movement/import/", account.import_page, name="import"),
    path("movement/export/", account.export_page, name="export"),
]
