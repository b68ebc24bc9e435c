from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_ensure(sender, **kwargs) -> None:
    from articles.roles import roles_ensure

    roles_ensure()


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Source articles"

    def ready(self) -> None:
        # Keep the role groups in step after every migrate, and after a test flush.
        post_migrate.connect(_roles_ensure, sender=self)
