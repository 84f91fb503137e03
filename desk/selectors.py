from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orderdesk.models import OutboxMessage
from orderdesk.permissions import DECIDE_CREDIT, VIEW_CUSTOMERS, VIEW_OUTBOX
from orderdesk.queues import DeskQueue, desk_queue, due, since, titled
from orderdesk.selectors import outbox_visible_to

SEARCH_LIMIT = 8


@dataclass
class SearchGroup:
    label: str
    results: list[dict] = field(default_factory=list)


def global_search(*, user, query: str, customer_id: int | None = None) -> list[SearchGroup]:
    """Results grouped by kind; each area of the product adds its own group here. With a customer on the line
    (`customer_id`), products show that customer's price next to the stock."""
    if len(query) < 2:
        return []
    groups = []
    if user.has_perm(VIEW_CUSTOMERS):
        groups += _customer_groups(query)
    if user.has_perm("sales.view_product"):
        groups.append(_product_group(query, customer_id=customer_id if user.has_perm(VIEW_CUSTOMERS) else None))
    groups.append(_document_group(user, query))
    if user.has_perm(VIEW_OUTBOX):
        mails = OutboxMessage.objects.filter(
            outbox_visible_to(user), Q(subject__icontains=query) | Q(to__icontains=query)
        )[:SEARCH_LIMIT]
        groups.append(
            SearchGroup(
                _("E-mails"),
                [
                    {
                        "title": mail.subject,
                        "detail": ", ".join(mail.to),
                        "url": reverse("orderdesk:outbox-detail", args=[mail.pk]),
                    }
                    for mail in mails
                ],
            )
        )
    return [group for group in groups if group.results]


def _document_group(user, query: str) -> SearchGroup:
    """Documents by number, and invoices by their structured communication typed with or without +++ and /."""
    from sales.models import DeliveryNote, Invoice, Order, Quote

    group = SearchGroup(_("Documents"))
    sources = [
        ("sales.view_quote", Quote, "sales:quote-detail"),
        ("sales.view_order", Order, "sales:order-detail"),
        ("sales.view_deliverynote", DeliveryNote, "sales:delivery-detail"),
    ]
    number = query.strip().upper()
    for permission, model, url_name in sources:
        if user.has_perm(permission):
            for document in model.objects.filter(number__startswith=number).order_by("-number")[:SEARCH_LIMIT]:
                group.results.append({"title": document.number, "detail": model._meta.verbose_name.capitalize(),
                                      "url": reverse(url_name, args=[document.pk])})  # fmt: skip
    if user.has_perm("sales.view_invoice"):
        digits = "".join(character for character in query if character.isdigit())
        match = Q(number__startswith=number)
        if len(digits) >= 6:
            match |= Q(structured_reference__startswith=digits)
        for invoice in Invoice.objects.filter(match).select_related("company").order_by("-number")[:SEARCH_LIMIT]:
            group.results.append({"title": invoice.number, "detail": f"{invoice.get_kind_display()} · "
                                  f"{invoice.company.name} · {invoice.structured_reference_display}".rstrip(" ·"),
                                  "url": reverse("sales:invoice-detail", args=[invoice.pk])})  # fmt: skip
    return group


def _customer_groups(query: str) -> list[SearchGroup]:
    from customers.selectors import companies_search, contacts_search

    companies = SearchGroup(_("Customers and prospects"))
    for company in companies_search(query=query, limit=SEARCH_LIMIT):
        details = [company.city, company.vat_number]
        if company.credit_status != "ok":
            details.append(f"{_('Credit')}: {company.get_credit_status_display()}")
        companies.results.append(
            {
                "title": company.name,
                "badge": company.get_kind_display(),
                "badge_class": "success" if company.is_customer else "info",
                "detail": " · ".join(part for part in details if part),
                "url": reverse("customers:company-detail", args=[company.pk]),
            }
        )
    contacts = SearchGroup(_("Contacts"))
    for contact in contacts_search(query=query, limit=SEARCH_LIMIT):
        contacts.results.append(
            {
                "title": contact.full_name,
                "detail": " · ".join(part for part in (contact.company.name, contact.phone, contact.email) if part),
                "url": reverse("customers:company-detail", args=[contact.company_id]),
            }
        )
    return [companies, contacts]


def _product_group(query: str, *, customer_id: int | None = None) -> SearchGroup:
    from django.utils import timezone

    from customers.models import Company
    from orderdesk.templatetags.orderdesk import money
    from sales.selectors.catalog import products_search
    from sales.selectors.price_check import price_or_none
    from sales.services.availability import availability_for

    today = timezone.localdate()
    customer = Company.objects.filter(pk=customer_id).first() if customer_id else None
    group = SearchGroup(_("Products"))
    for product in products_search(query=query, limit=SEARCH_LIMIT):
        details, url = [availability_for(product=product, today=today).message], reverse(
            "sales:product-detail", args=[product.pk])  # fmt: skip
        if customer is not None:
            price = price_or_none(product=product, quantity=1, today=today, customer=customer)
            if price is not None:
                details.append(_("%(name)s pays %(price)s") % {"name": customer.name, "price": money(price.unit_price)})
            url += f"?customer={customer.pk}"
        group.results.append(
            {
                "title": f"{product.sku} · {product.name_in(translation.get_language())}",
                "detail": " · ".join(str(detail) for detail in details),
                "url": url,
            }
        )
    return group


def desk_queues(*, user) -> list[DeskQueue]:
    """The cards of My desk: what waits for this user, each with its count and the item that waits longest."""
    from django.utils import timezone

    from complaints.selectors import desk_complaint_queues
    from sales.selectors.documents import desk_sales_queues
    from sales.selectors.peppol import desk_peppol_queues
    from sales.selectors.receivables import desk_collection_queues

    queues = []
    if user.has_perm("customers.view_followuptask"):
        from customers.models import FollowUpTask
        from customers.selectors import credit_requests_waiting

        tasks_url = reverse("customers:task-list")
        mine = FollowUpTask.objects.filter(assignee=user, done_at__isnull=True).select_related("company")

        def task(item):
            url = reverse("customers:company-detail", args=[item.company_id]) if item.company_id else tasks_url
            return titled(item.title, item.company.name if item.company else ""), url, due(item.due_date)

        queues += [
            desk_queue(_("Overdue follow-up tasks"), mine.filter(due_date__lt=timezone.localdate()), url=tasks_url,
                       oldest_first=("due_date", "pk"), describe=task, alert=True),
            desk_queue(_("My open follow-up tasks"), mine, url=tasks_url, oldest_first=("due_date", "pk"),
                       describe=task),
        ]  # fmt: skip
        if user.has_perm(DECIDE_CREDIT):
            queues.append(desk_queue(
                _("Credit-line requests to decide"), credit_requests_waiting(), url=reverse("desk:approval-list"),
                oldest_first=("requested_at", "pk"),
                describe=lambda request: (request.company.name,
                                          reverse("customers:credit-request-decide", args=[request.pk]),
                                          since(request.requested_at)),
            ))  # fmt: skip
    queues += desk_sales_queues(user=user, today=timezone.localdate())
    queues += desk_collection_queues(user=user)
    queues += desk_peppol_queues(user=user)
    queues += desk_complaint_queues(user=user, now=timezone.now())
    if user.has_perm(VIEW_OUTBOX):
        queues.append(desk_queue(
            _("E-mails that could not be sent"),
            OutboxMessage.objects.filter(outbox_visible_to(user), state=OutboxMessage.State.FAILED),
            url=reverse("orderdesk:outbox-list") + "?state=failed", oldest_first=("created_at", "pk"),
            describe=lambda mail: (mail.subject, reverse("orderdesk:outbox-detail", args=[mail.pk]),
                                   since(mail.created_at)),
        ))  # fmt: skip
    return [queue for queue in queues if queue]


DESK_TASKS = 10


def desk_tasks_due(*, user) -> list:
    """Follow-up tasks due today or overdue, oldest first, to act on straight from the desk."""
    if not user.has_perm("customers.view_followuptask"):
        return []
    from django.utils import timezone

    from customers.selectors import tasks_open_for

    return list(tasks_open_for(user=user).filter(due_date__lte=timezone.localdate())[:DESK_TASKS])
