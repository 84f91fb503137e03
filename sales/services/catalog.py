"""Changes to the catalog's shared knowledge."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from sales.models import Product, ProductNote


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
