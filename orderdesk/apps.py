from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrderDeskConfig(AppConfig):
    name = "orderdesk"
    verbose_name = _("Order Desk")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import auditing, middleware, permissions

        # Roles are data the app cannot work without: keep them in step with the code after every migrate.
        post_migrate.connect(permissions.sync_roles_after_migrate, sender=self)
        auditing.register_models()
        # The idle clock starts at sign-in, so the first page after it writes no session.
        user_logged_in.connect(middleware.idle_clock_start, dispatch_uid="orderdesk-idle-clock")
