from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrderDeskConfig(AppConfig):
    name = "orderdesk"
    verbose_name = _("Order Desk")

    def ready(self):
        from . import auditing, permissions

        # Roles are data the app cannot work without: keep them in step with the code after every migrate.
        post_migrate.connect(permissions.sync_roles_after_migrate, sender=self)
        auditing.register_models()
