from django.urls import path

from awaaz.content import views

app_name = "content"
urlpatterns = [
    path("law/", views.law_list, name="law_list"),
    path("law/<slug:slug>/", views.law_detail, name="law_detail"),
    path("myths/", views.myth_list, name="myth_list"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
]
