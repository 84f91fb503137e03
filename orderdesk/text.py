"""Text people paste from other programs: the characters an XML document (the UBL e-invoice, XML 1.0) cannot
carry are removed on input, so every stored name, address or description can be issued."""

import re

from django.db import models

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the surrogates and U+FFFE/U+FFFF.
# The C1 controls (U+007F–U+009F) are allowed but never meant: they come from pasted text, so they go too.
_NOT_CARRIED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def text_clean(value: str) -> str:
    """`value` without the control characters XML cannot carry (tab, newline and carriage return stay)."""
    return _NOT_CARRIED.sub("", value) if value else value


def has_control_characters(value: str) -> bool:
    return bool(value) and _NOT_CARRIED.search(value) is not None


def instance_text_clean(instance: models.Model) -> None:
    """Clean every text field of a model instance in place (names, addresses, notes, ...)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and has_control_characters(value):
                setattr(instance, field.attname, text_clean(value))
