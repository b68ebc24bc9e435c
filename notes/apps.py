from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = "Reliability notes"

    def ready(self) -> None:
        from notes import pages
        from notes.backlinks import backlink_provider_add, note_backlinks

        pages.follow_notes()
        backlink_provider_add(note_backlinks)
