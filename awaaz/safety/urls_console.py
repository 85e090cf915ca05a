"""The case-worker console, under /<lang>/console/ (names `safety:console_*`)."""

from django.urls import URLPattern, URLResolver, path

from awaaz.safety import views_console as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("console/", views.inbox, name="console_inbox"),
    path("console/unassigned/", views.unassigned, name="console_unassigned"),
    path("console/keys/", views.keys_setup, name="console_keys_setup"),
    path("console/keys/unlock/", views.unlock, name="console_unlock"),
    path("console/keys/recover/", views.recover, name="console_recover"),
    path("console/keys/replace/", views.keys_replace, name="console_keys_replace"),
    path("console/keys/lock/", views.lock, name="console_lock"),
    path("console/sign-out/", views.sign_out, name="console_sign_out"),
    path("console/reports/<str:public_id>/", views.report_detail, name="console_report"),
    path("console/reports/<str:public_id>/reply/", views.report_reply, name="console_reply"),
    path("console/reports/<str:public_id>/note/", views.report_note, name="console_note"),
    path("console/reports/<str:public_id>/status/", views.report_status, name="console_status"),
    path("console/reports/<str:public_id>/labels/", views.report_labels, name="console_labels"),
    path("console/reports/<str:public_id>/refer/", views.report_refer, name="console_refer"),
    path("console/reports/<str:public_id>/assign/", views.report_assign, name="console_assign"),
    path("console/reports/<str:public_id>/delete/", views.report_delete, name="console_delete"),
    path(
        "console/reports/<str:public_id>/files/<int:attachment_id>/",
        views.attachment_download,
        name="console_attachment",
    ),
]
