"""Settings that drive money or legal text change through their service: the actor's permission is checked by the
service itself, and the audit trail names who changed what, wherever the service is called from."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django import forms
from django.urls import reverse
from django.utils import timezone

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.permissions import ASSISTANT
from sales.forms import (
    IncomingFormSet,
    LatePaymentRateFormSet,
    PriceListForm,
    PriceListItemFormSet,
    PromotionForm,
    QuantityBreakFormSet,
    ReminderLevelFormSet,
    SpecFormSet,
)
from sales.models import DiscountAuthority, LatePaymentRate, PriceList, Promotion, QuantityBreak, ReminderLevel
from sales.services.catalog import price_list_save, product_save, promotion_save
from sales.services.discounts import discount_authority_set
from sales.services.reminders import reminder_setup_save
from tests.factories import ProductFactory


def as_posted(formset) -> dict:
    """What a browser sends for `formset` as the page shows it: each form's current values."""
    data = {formset.management_form.add_prefix(name): value for name, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = str(value)
    return data


def amounts(change: list[str]) -> list[Decimal | None]:
    """An audited change of a number, as numbers (the trail keeps the text the value had in memory)."""
    return [None if value == "None" else Decimal(value) for value in change]


def changes_by(obj, actor) -> dict:
    """The changes the audit trail holds for `obj`, all by `actor`, merged oldest first."""
    entries = LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")
    assert entries and {entry.actor for entry in entries} == {actor}
    merged = {}
    for entry in entries:
        merged.update(entry.changes_dict)
    return merged


# --- the reminder ladder and the interest rates --------------------------------------------------------------------


def _reminder_setup(data=None):
    levels = ReminderLevelFormSet(data, queryset=ReminderLevel.objects.all(), prefix="levels")
    rates = LatePaymentRateFormSet(data, queryset=LatePaymentRate.objects.all(), prefix="rates")
    return levels, rates


def _reminder_setup_posted(first_level_days: int, new_rate: tuple[str, str]) -> dict:
    levels, rates = _reminder_setup()
    data = {**as_posted(levels), **as_posted(rates)}
    data["levels-0-days_after_due"] = str(first_level_days)
    extra = rates.initial_form_count()
    data.update({f"rates-{extra}-valid_from": new_rate[0], f"rates-{extra}-percent": new_rate[1]})
    return data


def test_the_reminder_setup_is_saved_with_who_changed_what(manager):
    first = ReminderLevel.objects.order_by("rank").first()
    levels, rates = _reminder_setup(_reminder_setup_posted(first.days_after_due + 5, ("2031-01-01", "9,75")))
    assert levels.is_valid() and rates.is_valid(), (levels.errors, rates.errors)

    reminder_setup_save(levels_formset=levels, rates_formset=rates, actor=manager)

    assert changes_by(first, manager)["days_after_due"] == [str(first.days_after_due), str(first.days_after_due + 5)]
    rate = LatePaymentRate.objects.get(valid_from=datetime.date(2031, 1, 1))
    assert amounts(changes_by(rate, manager)["percent"]) == [None, Decimal("9.75")]


def test_the_reminder_setup_service_refuses_who_may_not_change_it(assistant):
    first = ReminderLevel.objects.order_by("rank").first()
    levels, rates = _reminder_setup(_reminder_setup_posted(first.days_after_due + 5, ("2031-01-01", "9,75")))
    assert levels.is_valid() and rates.is_valid()

    with pytest.raises(PermissionDeniedError):
        reminder_setup_save(levels_formset=levels, rates_formset=rates, actor=assistant)

    first.refresh_from_db()
    assert first.days_after_due == ReminderLevel.objects.order_by("rank").first().days_after_due
    assert not LatePaymentRate.objects.filter(valid_from=datetime.date(2031, 1, 1)).exists()
    assert not LogEntry.objects.get_for_object(first).exists()


def test_the_reminder_setup_page_records_the_signed_in_manager(manager_client, manager):
    first = ReminderLevel.objects.order_by("rank").first()
    data = _reminder_setup_posted(first.days_after_due + 1, ("2031-07-01", "10,5"))

    assert manager_client.post(reverse("sales:reminder-setup"), data).status_code == 302

    assert changes_by(first, manager)["days_after_due"] == [str(first.days_after_due), str(first.days_after_due + 1)]


# --- price lists and promotions ------------------------------------------------------------------------------------


def _price_list_forms(product, *, price: str):
    data = {
        "name": "Horeca", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
        "items-0-product": str(product.pk), "items-0-min_quantity": "1", "items-0-unit_price": price,
    }  # fmt: skip
    form = PriceListForm(data, instance=PriceList())
    items = PriceListItemFormSet(data, instance=form.instance, prefix="items")
    assert form.is_valid() and items.is_valid(), (form.errors, items.errors)
    return form, items


def test_a_price_list_is_saved_with_who_changed_what(manager):
    product = ProductFactory(list_price=Decimal("100.00"))
    form, items = _price_list_forms(product, price="85,00")

    price_list = price_list_save(price_list=form.save(commit=False), items_formset=items, actor=manager)

    assert changes_by(price_list, manager)["name"] == ["None", "Horeca"]
    assert amounts(changes_by(price_list.items.get(), manager)["unit_price"]) == [None, Decimal("85")]


def test_the_price_list_service_refuses_who_may_not_change_prices(assistant):
    form, items = _price_list_forms(ProductFactory(), price="85,00")

    with pytest.raises(PermissionDeniedError):
        price_list_save(price_list=form.save(commit=False), items_formset=items, actor=assistant)

    assert not PriceList.objects.exists()


def _promotion(product, **changes) -> Promotion:
    today = timezone.localdate().isoformat()
    data = {"name": "Winter", "starts_on": today, "ends_on": today, "product": product.pk, "discount_percent": "10"}
    form = PromotionForm({**data, **changes}, instance=Promotion.objects.filter(name="Winter").first() or Promotion())
    assert form.is_valid(), form.errors
    return form.save(commit=False)


def test_a_promotion_is_saved_with_who_changed_what(manager):
    product = ProductFactory()
    promotion = promotion_save(promotion=_promotion(product), actor=manager)
    promotion_save(promotion=_promotion(product, discount_percent="12,5"), actor=manager)

    assert amounts(changes_by(promotion, manager)["discount_percent"]) == [Decimal("10"), Decimal("12.5")]


def test_the_promotion_service_refuses_who_may_not_change_prices(assistant):
    with pytest.raises(PermissionDeniedError):
        promotion_save(promotion=_promotion(ProductFactory()), actor=assistant)

    assert not Promotion.objects.exists()


# --- discount limits -----------------------------------------------------------------------------------------------


def test_a_discount_limit_is_saved_with_who_changed_what(manager):
    authority = discount_authority_set(role=ASSISTANT, max_discount_percent=Decimal("10"),
                                       min_margin_percent=Decimal("15"), actor=manager)  # fmt: skip
    discount_authority_set(role=ASSISTANT, max_discount_percent=Decimal("12"),
                           min_margin_percent=Decimal("15"), actor=manager)  # fmt: skip

    assert amounts(changes_by(authority, manager)["max_discount_percent"]) == [Decimal("10"), Decimal("12")]


def test_the_discount_limit_service_refuses_who_may_not_set_it(assistant):
    with pytest.raises(PermissionDeniedError):
        discount_authority_set(role=ASSISTANT, max_discount_percent=Decimal("50"),
                               min_margin_percent=Decimal("0"), actor=assistant)  # fmt: skip

    assert not DiscountAuthority.objects.exists()


# --- a product's quantity prices -----------------------------------------------------------------------------------


def _product_formsets(product, breaks: list[tuple[str, str]]):
    data = {}
    for prefix, formset_class in (("specs", SpecFormSet), ("incoming", IncomingFormSet)):
        data.update(as_posted(formset_class(instance=product, prefix=prefix)))
    data.update({"breaks-TOTAL_FORMS": str(len(breaks)), "breaks-INITIAL_FORMS": "0"})
    for index, (quantity, price) in enumerate(breaks):
        data.update({f"breaks-{index}-min_quantity": quantity, f"breaks-{index}-unit_price": price})
    formsets = [
        SpecFormSet(data, instance=product, prefix="specs"),
        QuantityBreakFormSet(data, instance=product, prefix="breaks"),
        IncomingFormSet(data, instance=product, prefix="incoming"),
    ]
    assert all(formset.is_valid() for formset in formsets), [formset.errors for formset in formsets]
    return formsets


def test_a_products_quantity_prices_are_saved_with_who_changed_what(manager):
    product = ProductFactory(list_price=Decimal("100.00"))

    product_save(product=product, actor=manager, formsets=_product_formsets(product, [("10", "90")]))

    quantity_break = QuantityBreak.objects.get(product=product)
    assert quantity_break.unit_price == Decimal("90.00")
    assert amounts(changes_by(quantity_break, manager)["unit_price"]) == [None, Decimal("90")]


def test_the_product_service_refuses_who_may_not_change_the_catalog(assistant):
    product = ProductFactory(list_price=Decimal("100.00"))

    with pytest.raises(PermissionDeniedError):
        product_save(product=product, actor=assistant, formsets=_product_formsets(product, [("10", "1")]))

    assert not QuantityBreak.objects.exists()
