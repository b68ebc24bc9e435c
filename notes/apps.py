from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = "Reliability notes"

    def ready(self) -> None:
        from notes import pages

        pages.follow_notes()
