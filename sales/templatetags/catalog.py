from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _with_marker(text: str, fell_back: bool):
    if not fell_back:
        return text
    # Never silently: a Dutch text shown to a French or English reader says so.
    return format_html(
        '{} <span class="badge text-bg-light border" title="{}">NL</span>',
        text,
        _("Not translated yet; shown in Dutch"),
    )


@register.simple_tag
def product_text(product, field: str):
    return _with_marker(*product.text(field, get_language()))


@register.simple_tag
def product_name(product):
    return _with_marker(*product.text("name", get_language()))


@register.simple_tag
def product_category(item):
    """The category of a product (or of a promotion on a category), in the user's language."""
    category = item.category
    return getattr(category, f"name_{get_language()}", "") or category.name_nl
