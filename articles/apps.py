from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Source articles"

    def ready(self) -> None:
        from articles import pages

        pages.follow_sources()
