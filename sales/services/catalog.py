"""Changes to the catalog's shared knowledge."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from sales.models import MarketNote, Product, ProductDocument, ProductNote


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
def product_save(*, product: Product, actor, substitutes=(), accessories=()) -> Product:
    """Create or update a product (a manager's job); its specs, breaks and incoming rows are saved with it."""
    if not actor.has_perm("sales.change_product" if product.pk else "sales.add_product"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    product.sku = product.sku.strip().upper()
    product.full_clean()
    product.save()
    product.substitutes.set([p for p in substitutes if p.pk != product.pk])
    product.accessories.set([p for p in accessories if p.pk != product.pk])
    return product


@transaction.atomic
def product_document_add(*, product: Product, title: str, language: str, file, actor) -> ProductDocument:
    if not actor.has_perm("sales.change_product"):
        raise PermissionDeniedError(_("Only a manager can change the catalog."))
    document = ProductDocument(product=product, title=title, language=language, file=file)
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
