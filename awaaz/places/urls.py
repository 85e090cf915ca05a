from django.urls import path

from awaaz.places import views

app_name = "places"
urlpatterns = [
    path("map/", views.map_view, name="map"),
    path("<slug:province>/", views.province_detail, name="province_detail"),
    path("<slug:province>/<slug:code>/", views.district_detail, name="district_detail"),
]
