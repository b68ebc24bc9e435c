from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.checks, name="checks"),
]
