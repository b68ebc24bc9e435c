from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_ensure(sender, **kwargs) -> None:
    from desk.roles import roles_ensure

    roles_ensure()


class DeskConfig(AppConfig):
    """The newsroom's back office: the admin, roles, the starter content, the desk's commands."""

    name = "desk"
    verbose_name = "The desk"

    def ready(self) -> None:
        # Keep the role groups in step after every migrate, and after a test flush.
        post_migrate.connect(_roles_ensure, sender=self)
