from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editorial checks over notes and the timeline: it reads both; neither knows of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial checks"
