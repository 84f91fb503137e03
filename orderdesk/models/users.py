from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person working with Order Desk; the role comes from the group (Assistant, Manager, Accounting)."""

    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the screens and of the mails you receive."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_manager_pages", _("Can open the manager pages (dashboards, approvals)")),
            ("unlock_sign_in", _("Can unlock users locked out after failed sign-ins")),
        ]

    def __str__(self):
        return self.get_full_name() or self.username
