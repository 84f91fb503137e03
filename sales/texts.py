"""The texts sales writes and keeps for people, as codes (see orderdesk.stored_texts): read in the reader's
language, whoever wrote them."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from orderdesk.stored_texts import stored_text_register as register
from sales.states import HandOver

_lowercase = lazy(lambda text: str(text).lower(), str)

# Why a bank line was matched or suggested (the bank statement page).
BANK_OGM_AND_AMOUNT = register("sales.bank.ogm_and_amount", _("Structured communication and amount"))
BANK_OGM_IN_TEXT_AND_AMOUNT = register(
    "sales.bank.ogm_in_text_and_amount", _("Structured communication in the text and amount")
)
BANK_OGM_OTHER_AMOUNT = register(
    "sales.bank.ogm_other_amount", _("Structured communication of %(number)s, but %(open)s is open")
)
BANK_RF_REFERENCE = register("sales.bank.rf_reference", _("RF reference"))
BANK_INVOICE_NUMBER = register("sales.bank.invoice_number", _("Invoice number in the communication"))
BANK_AMOUNT_AND_PAYER = register("sales.bank.amount_and_payer", _("Amount and name of the payer"))
BANK_CREDIT_NOTE_NUMBER = register("sales.bank.credit_note_number", _("Credit note number in the communication"))
BANK_AMOUNT_AND_CUSTOMER = register("sales.bank.amount_and_customer", _("Amount and name of the customer"))
BANK_FOREIGN_CURRENCY = register("sales.bank.foreign_currency", _("%(reason)s, but the amount is in %(currency)s"))
BANK_RETURNS_IGNORED = register("sales.bank.returns_ignored", _("Returns an ignored line"))
BANK_RETURNED_OPEN_AGAIN = register("sales.bank.returned_open_again", _("Returned: %(number)s is open again"))
BANK_RETURNS_NOT_BOOKED = register("sales.bank.returns_not_booked", _("Returns a line that was not booked"))
BANK_PROBABLY_RETURNS = register(
    "sales.bank.probably_returns", _("Probably returns the line of %(date)s%(number)s: confirm to open it again")
)
BANK_RETURN_UNKNOWN = register("sales.bank.return_unknown", _("Returned or cancelled: no line we booked matches it"))
# The note of a payment booked from a bank line.
PAYMENT_FROM_BANK_LINE = register("sales.payment.bank_line", _("Bank statement %(statement)s, line %(line)s"))


def _approval_problems(params: dict) -> str:
    """Why a document waits for a manager, from its problems as data; no margin figures (anyone reads history)."""
    from sales.services.quotes import approval_reason_text

    return "\n".join(approval_reason_text(problem, show_cost=False) for problem in params.get("problems", []))


def _hold_problems(params: dict) -> str:
    """Why an order is on hold for credit, from its problems as data."""
    from sales.services.orders import hold_reason_text

    return "\n".join(hold_reason_text(problem) for problem in params.get("problems", []))


# History entries the system writes.
HISTORY_APPROVAL_PROBLEMS = register("sales.history.approval_problems", _approval_problems)
HISTORY_HOLD_PROBLEMS = register("sales.history.hold_problems", _hold_problems)
HISTORY_TURNED_INTO_QUOTE = register("sales.history.turned_into_quote", _("Turned into a quote"))
HISTORY_ACCEPTED_THROUGH_LINK = register(
    "sales.history.accepted_through_link", _("Accepted by %(name)s through the link")
)
HISTORY_VALIDITY_PASSED = register("sales.history.validity_passed", _("Validity date passed"))
HISTORY_ORDER_CREATED = register("sales.history.order_created", _("Order created"))
HISTORY_FIRST_ORDER = register("sales.history.first_order", _("First order %(number)s"))
# Why a reminder was dropped from a run (the run's page).
REMINDER_NOTHING_OPEN = register("sales.reminder.nothing_open", _("nothing is open on it any more"))
REMINDER_DISPUTED = register("sales.reminder.disputed", _("the customer disputes it"))
REMINDER_HANDED_OVER = register("sales.reminder.handed_over", _("handed over to %(whom)s"))
REMINDER_PROMISED = register("sales.reminder.promised", _("payment promised for %(date)s"))
# Who has the file, lower case inside a sentence: "handed over to collection agency".
HAND_OVER_TO = {value: register(f"sales.hand_over.{value}", _lowercase(label)) for value, label in HandOver.choices}
HISTORY_HANDED_OVER_BY_RUN = register(
    "sales.history.handed_over_by_run", _("Handed over by the reminder run of %(date)s.")
)


# How a line's price was found (sales.services.pricing), kept on the line and read in the reader's language.
PRICE_LIST = register("sales.price.list", _("list %(price)s"))
PRICE_QUANTITY_BREAK = register("sales.price.quantity_break", _("from %(quantity)s: %(price)s"))
PRICE_PROMOTION = register("sales.price.promotion", _("promotion %(name)s: %(price)s"))
PRICE_PROMOTION_PERCENT = register("sales.price.promotion_percent", _("promotion %(name)s −%(percent)s %%"))
PRICE_LIST_AGREED = register("sales.price.price_list", _("price list %(name)s: %(price)s"))
PRICE_LIST_NOT_LOWER = register("sales.price.price_list_not_lower", _("price list %(name)s (%(price)s) is not lower"))


def _price_steps(params: dict) -> str:
    from orderdesk.stored_texts import stored_text_render

    return " → ".join(stored_text_render(step) for step in params.get("steps") or [])


PRICE_EXPLANATION = register("sales.price.explanation", _price_steps)
PRICE_BY_HAND = register("sales.price.by_hand", _("price set by hand (catalog: %(explanation)s)"))
PRICE_FREE_LINE = register("sales.price.free_line", _("free line"))
PRICE_CREDITED = register("sales.price.credited", _("amount credited"))
