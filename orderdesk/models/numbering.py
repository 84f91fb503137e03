from django.db import models
from django.utils.translation import gettext_lazy as _


class SequenceCounter(models.Model):
    """The last number handed out in one series for one year; locked by whoever issues the next."""

    series = models.CharField(_("series"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="unique_series_year")]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_value}"
