from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who changed what, when and from where: the top layer, listening to every write."""

    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit import receivers

        receivers.connect()
