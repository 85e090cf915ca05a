from django.urls import path

from awaaz.places import views

app_name = "places"
urlpatterns = [
    path("map/", views.map_view, name="map"),
]
