from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search over sentences and notes; sits above articles and notes and registers with them."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from notes import evidence_search
        from search import schema, similar

        connection_created.connect(schema.sqlite_functions_register)
        # A later migration may rebuild a table (SQLite remakes tables to alter them), which
        # drops its triggers: put them back after every migrate.
        post_migrate.connect(schema.index_ensure_after_migrate, sender=self)
        evidence_search.register(finder=similar.evidence_find, suggester=similar.suggestions_for)
