"""Reading bank statements: our accounts, a statement's lines and how far their matching is."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from sales.models import BankLine, BankStatement, CompanyBankAccount


def company_bank_accounts():
    """Our accounts, each with the number of statements imported for it (one query)."""
    statements = (
        BankStatement.objects.filter(account=OuterRef("iban"), currency=OuterRef("currency"))
        .order_by()
        .values("account")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return CompanyBankAccount.objects.annotate(
        statement_count=Coalesce(Subquery(statements, output_field=IntegerField()), Value(0))
    ).order_by("iban", "currency")


def bank_statements():
    """The statements imported, newest first, with their number of lines, what they received and how many
    lines still wait for the worker."""
    return (
        BankStatement.objects.annotate(
            line_count=Count("lines"),
            receipts=Sum("lines__amount", filter=Q(lines__amount__gt=0)),
            pending=Count("lines", filter=Q(lines__status=BankLine.Status.PENDING)),
        )
        .select_related("imported_by")
        .order_by("-issued_on", "-pk")
    )


def bank_statement_lines(statement: BankStatement):
    return statement.lines.select_related("suggested_invoice", "payment__company", "reverses__statement").order_by("pk")


def bank_statement_progress(statement: BankStatement) -> tuple[int, int]:
    """(lines matched, lines) of a statement: the worker is done when both are equal."""
    counts = statement.lines.aggregate(total=Count("pk"), pending=Count("pk", filter=Q(status=BankLine.Status.PENDING)))
    return counts["total"] - counts["pending"], counts["total"]
