"""The price check box on the customer file: the customers app shows it without importing sales
(`{% load price_check %}{% price_check_box company %}`)."""

from django import template

from sales.forms import PriceCheckForm

register = template.Library()


@register.inclusion_tag("sales/_price_check_box.html", takes_context=True)
def price_check_box(context, company):
    user = context["user"]
    return {
        "show": user.has_perm("sales.view_product"),
        "customer": company,
        "form": PriceCheckForm(initial={"quantity": 1}),
        "fixed_customer": True,
        "request": context.get("request"),
    }
