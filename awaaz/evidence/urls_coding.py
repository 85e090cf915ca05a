"""E3's routes: the coding screens and the public official figures."""

from django.urls import URLPattern, URLResolver, path

from awaaz.evidence import views_coding as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("coding/", views.queue, name="coding_queue"),
    path("coding/<int:pk>/", views.assignment, name="coding_assignment"),
    path("coding/agreement/", views.agreement, name="coding_agreement"),
    path("coding/clusters/", views.clusters, name="coding_clusters"),
    path("coding/clusters/<int:pk>/", views.cluster_review, name="coding_cluster_review"),
    path("figures/", views.figures, name="figures"),
]
