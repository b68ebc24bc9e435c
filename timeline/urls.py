from django.urls import path

from timeline import permalinks, views

app_name = "timeline"

urlpatterns = [
    path("timeline/", views.timeline, name="index"),
    path("timeline.json", views.timeline_json, name="json"),
    path("timeline/e/<slug:slug>/", permalinks.event_permalink, name="event"),
    path("timeline.csv", views.timeline_csv, name="csv"),
    path(
        "articles/<slug:slug>/s/<int:position>/event/",
        views.from_sentence,
        name="from_sentence",
    ),
]
