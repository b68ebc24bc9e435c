from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backing up, restoring and moving a newsroom (commands only, no models)."""

    name = "backups"
    verbose_name = "Backups"
