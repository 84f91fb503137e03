"""Changes to the catalog and its prices: products, price lists and promotions, and the shared knowledge.

Products, their quantity prices, price lists and promotions drive what customers pay: each change is checked
against the actor's permission and kept in the audit trail with who made it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.auditing import audit_actor
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.text import instance_text_clean
from orderdesk.uploads import original_name
from sales.models import MarketNote, PriceList, Product, ProductDocument, ProductNote, Promotion


@transaction.atomic
def product_note_add(*, product: Product, question: str, answer: str, actor) -> ProductNote:
    """Share a question and its answer about a product with the colleagues."""
    if not actor.has_perm("sales.add_productnote"):
        raise PermissionDeniedError(_("Your role does not allow this."))
    question, answer = question.strip(), answer.strip()
    if not question or not answer:
        raise ValidationError(_("Write both the question and the answer."))
    note = ProductNote(product=product, question=question, answer=answer, author=actor)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def product_save(*, product: Product, actor, substitutes=(), accessories=(), formsets=()) -> Product:
    """Create or update a product (a manager's job); its specs, breaks and incoming rows (bound, valid inline
    `formsets` of the product) are saved with it."""
    if not actor.has_perm("sales.change_product" if product.pk else "sales.add_product"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    if not all(formset.is_valid() for formset in formsets):
        raise ValueError("Only valid formsets can be saved.")
    with audit_actor(actor):
        instance_text_clean(product)  # names and texts end up on invoices: no control characters pasted in
        product.sku = product.sku.strip().upper()
        product.full_clean()
        product.save()
        product.substitutes.set([p for p in substitutes if p.pk != product.pk])
        product.accessories.set([p for p in accessories if p.pk != product.pk])
        for formset in formsets:
            formset.instance = product
            formset.save()
    return product


@transaction.atomic
def price_list_save(*, price_list: PriceList, items_formset, actor) -> PriceList:
    """Create or update a price list with its items (a bound, valid inline formset of the list)."""
    if not actor.has_perm("sales.change_pricelist"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    if not items_formset.is_valid():
        raise ValueError("Only valid formsets can be saved.")
    with audit_actor(actor):
        price_list.full_clean()
        price_list.save()
        items_formset.instance = price_list
        items_formset.save()
    return price_list


@transaction.atomic
def promotion_save(*, promotion: Promotion, actor) -> Promotion:
    """Create or update a promotion: a product or a category sold for less during a period."""
    if not actor.has_perm("sales.change_promotion" if promotion.pk else "sales.add_promotion"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    with audit_actor(actor):
        promotion.full_clean()
        promotion.save()
    return promotion


@transaction.atomic
def product_document_add(*, product: Product, title: str, language: str, file, actor) -> ProductDocument:
    if not actor.has_perm("sales.change_product"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    # The content is checked by the field's validator (full_clean); the file is stored under a random name.
    document = ProductDocument(
        product=product, title=title, language=language, file=file, original_name=original_name(file)
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def market_note_add(*, note: MarketNote, actor) -> MarketNote:
    """Record what a competitor offers, as heard from a customer or seen at a fair."""
    if not actor.has_perm("sales.add_marketnote"):
        raise PermissionDeniedError(_("Your role does not allow this."))
    note.author = actor
    note.full_clean()
    note.save()
    return note
