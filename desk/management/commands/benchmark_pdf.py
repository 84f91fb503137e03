"""Time the PDF of every document type: our render (template + WeasyPrint) against the same HTML printed by one
persistent headless Chromium (the way ERPNext renders), and the memory of many renders. Everything it creates is
rolled back.

python manage.py benchmark_pdf --repeat 20
python manage.py benchmark_pdf --memory 1000 --no-chromium
"""

import copy
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from customers.models import Company, Contact
from orderdesk.benchmarks import Rollback
from orderdesk.models import User
from orderdesk.pdf import BASE_URL, LocalOnlyURLFetcher, RefusedURL, html_for_browser, html_to_pdf, render_html
from orderdesk.permissions import MANAGER, roles_sync
from sales.models import Category, Product, ReminderLevel, VatCategory
from sales.models.reminders import Reminder
from sales.services.customer_statements import statement_context
from sales.services.deliveries import delivery_create
from sales.services.documents import delivery_context, order_context, quote_context
from sales.services.invoice_documents import invoice_context
from sales.services.invoicing import credit_note_create, invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create
from sales.services.reminders import reminder_charges, reminder_context

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As the browser tests launch it (STACK.md): without the last flags Chromium keeps trying the network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LONG_INVOICE_LINES = 60
BATCH_TURNS = 2


@dataclass
class Document:
    label: str
    html: str
    weasyprint_ms: list[float]
    chromium_ms: list[float]
    # CPU time, which other work on a shared machine does not inflate: ours, and Chromium's process tree's.
    weasyprint_cpu_ms: list[float] = field(default_factory=list)
    chromium_cpu_ms: list[float] = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "Time the PDF of every document type (first render, median of the next --repeat) against a persistent "
        "headless Chromium printing the same HTML; --memory N: resident memory after N renders against after 50."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Renders after the first; the median is shown.")
        parser.add_argument("--no-chromium", action="store_true", help="Skip the Chromium reference.")
        parser.add_argument("--memory", type=int, default=0, metavar="N",
                            help="Also render the one-line invoice N times (e.g. 1000) and compare the resident "
                                 "memory with the one after 50 renders (target: at most 1.25x).")  # fmt: skip
        parser.add_argument("--batch", type=int, default=0, metavar="N",
                            help="Also render the N latest issued invoices of the database (committed data, e.g. "
                                 "after seed_demo --scale 2000) with 1 worker, then with --workers.")  # fmt: skip
        parser.add_argument("--workers", type=int, default=2, help="Worker processes of the --batch run.")

    def handle(self, *args, repeat, no_chromium, memory, batch, workers, **options):
        if repeat < 1:
            raise CommandError("--repeat takes at least 1.")
        if batch:
            # First, from a process as lean as `export_invoices`: forked workers copy every page of the parent's heap
            # they write to, so a parent grown by the renders below made them slower than in real use.
            self._batch(batch, workers)
        try:
            # The archived PDF and UBL of the issued invoice go to a folder that goes away with the data.
            with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), transaction.atomic():
                documents = [Document(label, html, [], []) for label, html in self._documents()]
                raise Rollback
        except Rollback:
            pass
        chromium = not no_chromium and Path(CHROMIUM).exists()
        if chromium:
            self._with_chromium(documents, repeat)
        else:
            for document in documents:
                for _ in range(repeat + 1):
                    document.weasyprint_ms.append(_timed(lambda html=document.html: html_to_pdf(html)))
        self._table(documents, chromium)
        if not chromium and not no_chromium:
            self.stdout.write(f"(no Chromium at {CHROMIUM}: the reference is left out; install Debian's chromium or "
                              f"set CHROMIUM_PATH)")  # fmt: skip
        if memory:
            self._memory(documents[3].html, memory)
        self.stdout.write("(all benchmark data rolled back)")

    # --- the documents ---------------------------------------------------------------------------------------

    def _documents(self) -> list[tuple[str, str]]:
        """One document of each type, made through the services as a user would, as HTML ready to print."""
        roles_sync()
        _company_for_benchmark()
        today = timezone.localdate()
        actor = User.objects.create_user("benchmark-pdf", password=None, language="nl", first_name="Bench")
        actor.groups.add(Group.objects.get(name=MANAGER))
        actor = User.objects.get(pk=actor.pk)  # fresh permission cache
        customer = Company.objects.create(
            name="Bakkerij Benchmark", legal_form="BV", street="Stationsstraat 1", postal_code="9000", city="Gent",
            country="BE", language="nl", kind=Company.Kind.CUSTOMER, enterprise_number="0417497106", credit_limit=50000,
            vat_number="BE0417497106",
            email="boekhouding@bakkerij-benchmark.invalid",
        )  # fmt: skip
        contact = Contact.objects.create(company=customer, first_name="Jan", last_name="Peeters", language="nl",
                                         email="jan@bakkerij-benchmark.invalid")  # fmt: skip
        category = Category.objects.create(name_nl="Benchmark")
        product = Product.objects.create(
            sku="BENCH-OVEN", category=category, name_nl="Oven met drie dekken, 400 V",
            vat_category=VatCategory.objects.get(code="standard"), list_price=Decimal("4200.00"),
            cost_price=Decimal("2900.00"), on_hand=Decimal("50"),
        )  # fmt: skip

        quote = quote_create(company=customer, contact=contact, actor=actor)
        document_line_save(document=quote, actor=actor, product=product, quantity="1")
        order = order_create(company=customer, contact=contact, actor=actor, customer_reference="PO-4471")
        document_line_save(document=order, actor=actor, product=product, quantity="1")
        order = order_confirm(order=order, actor=actor)
        quantities = {line.pk: line.quantity for line in order.lines.all()}
        note = delivery_create(order=order, actor=actor, quantities=quantities, shipped_on=today)
        invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=actor), actor=actor)
        credit = credit_note_create(invoice=invoice, actor=actor, reason="Benchmark")
        credit = invoice_issue(invoice=credit, actor=actor)
        level = ReminderLevel.objects.order_by("rank").first()
        if level is None:
            raise CommandError("No reminder levels: run the migrations (they seed the default ladder).")
        reminder = Reminder(invoice=invoice, level=level, channel=level.channel, principal=invoice.total, sent_on=today)
        lines = list(invoice.lines.select_related("product"))
        long_lines = [copy.copy(lines[n % len(lines)]) for n in range(LONG_INVOICE_LINES)]

        sources = [
            ("quote", "documents/quote.html", quote_context(quote), quote.language),
            ("order confirmation", "documents/order_confirmation.html", order_context(order), order.language),
            ("delivery note", "documents/delivery_note.html", delivery_context(note), order.language),
            ("invoice, 1 line", "documents/invoice.html", invoice_context(invoice), invoice.language),
            (
                f"invoice, {LONG_INVOICE_LINES} lines",
                "documents/invoice.html",
                invoice_context(invoice, lines=long_lines),
                invoice.language,
            ),  # fmt: skip
            ("credit note", "documents/invoice.html", invoice_context(credit), credit.language),
            (
                "reminder letter",
                "documents/reminder.html",
                reminder_context(reminder, charges=reminder_charges(invoice=invoice, level=level, today=today)),
                invoice.language,
            ),  # fmt: skip
            (
                "statement",
                "documents/statement.html",
                statement_context(company=customer, today=today),
                customer.language,
            ),  # fmt: skip
        ]
        return [(label, render_html(template, context, language=language))
                for label, template, context, language in sources]  # fmt: skip

    # --- the reference -----------------------------------------------------------------------------------------

    def _with_chromium(self, documents: list[Document], repeat: int) -> None:
        """Each render by WeasyPrint, then the same HTML by Chromium, in turn: on a shared machine both see the
        same load. One browser and one page for every print, as a render service keeps them; our static files
        served from disk through the same local-only fetcher WeasyPrint uses."""
        from playwright.sync_api import sync_playwright

        fetcher = LocalOnlyURLFetcher()

        def serve(route):
            try:
                response = fetcher.fetch(route.request.url)
            except RefusedURL:
                route.abort()
                return
            route.fulfill(body=response.read(), content_type=response.headers.get("Content-Type"))

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route(f"{BASE_URL}**", serve)
            for document in documents:
                html = html_for_browser(document.html)

                def chromium_pdf(html=html):
                    page.set_content(html)
                    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

                for _ in range(repeat + 1):
                    cpu = time.process_time()
                    document.weasyprint_ms.append(_timed(lambda html=document.html: html_to_pdf(html)))
                    document.weasyprint_cpu_ms.append((time.process_time() - cpu) * 1000)
                    cpu = _children_cpu()
                    document.chromium_ms.append(_timed(chromium_pdf))
                    document.chromium_cpu_ms.append((_children_cpu() - cpu) * 1000)
            browser.close()

    # --- the report ------------------------------------------------------------------------------------------

    def _table(self, documents: list[Document], chromium: bool) -> None:
        header = f"{'document':<22} {'first ms':>9} {'median ms':>10}"
        if chromium:
            header += f" {'chromium ms':>12} {'ratio':>6}   {'CPU ms':>7} {'chromium CPU':>12} {'ratio':>6}"
        self.stdout.write(header)
        for document in documents:
            first, median = document.weasyprint_ms[0], _median(document.weasyprint_ms)
            row = f"{document.label:<22} {first:9.1f} {median:10.1f}"
            if chromium:
                reference = _median(document.chromium_ms)
                cpu, chromium_cpu = _median(document.weasyprint_cpu_ms), _median(document.chromium_cpu_ms)
                row += f" {reference:12.1f} {median / reference:5.2f}x   {cpu:7.1f} {chromium_cpu:12.1f}"
                row += f" {cpu / chromium_cpu:5.2f}x" if chromium_cpu else "      –"
            self.stdout.write(row)

    def _memory(self, html: str, renders: int) -> None:
        baseline_at = min(50, renders)
        baseline = 0
        for n in range(1, renders + 1):
            html_to_pdf(html)
            if n == baseline_at:
                baseline = _rss_mib()
        final = _rss_mib()
        self.stdout.write(f"memory: {baseline:.1f} MiB after {baseline_at} renders, {final:.1f} MiB after {renders} "
                          f"({final / baseline:.2f}x)")  # fmt: skip

    def _batch(self, count: int, workers: int) -> None:
        from sales.models import Invoice
        from sales.services.invoice_exports import invoices_render, render_chunks
        from sales.states import InvoiceStatus

        ids = list(Invoice.objects.exclude(status=InvoiceStatus.DRAFT).order_by("-issue_date", "-pk")
                   .values_list("pk", flat=True)[:count])  # fmt: skip
        if not ids:
            self.stdout.write("batch: no issued invoices in the database (seed_demo --scale 2000 first)")
            return
        # In turns on half of the invoices each (1 worker then N on the first half, N then 1 on the second): on a
        # machine shared with other work, both see the same load and its drift cancels out, where one long run each
        # could see a quiet machine and a busy one. Each run is one export of its half: one start of the workers
        # and one last chunk that only one of them renders, as a month exported in one go has.
        # CPU time too (ours, and the worker processes' once they ended): if 2 workers need no more CPU per invoice
        # than 1, only the cores other work takes keep them from being twice as fast.
        seconds, cpu = {1: 0.0, workers: 0.0}, {1: 0.0, workers: 0.0}
        for turn, part in enumerate(render_chunks(ids, size=-(-len(ids) // BATCH_TURNS))):
            for processes in (1, workers) if turn % 2 == 0 else (workers, 1):
                with tempfile.TemporaryDirectory() as folder:
                    started, cpu_started = time.perf_counter(), _cpu_with_ended_children()
                    invoices_render(ids=part, directory=Path(folder), workers=processes)
                    seconds[processes] += time.perf_counter() - started
                    cpu[processes] += _cpu_with_ended_children() - cpu_started
        for processes in (1, workers):
            rate, cpu_ms = len(ids) / seconds[processes], cpu[processes] / len(ids) * 1000
            self.stdout.write(f"batch: {len(ids):,} invoices with {processes} worker(s): {seconds[processes]:.1f} s "
                              f"({rate:.1f} per second; CPU {cpu_ms:.0f} ms per invoice)")  # fmt: skip
        self.stdout.write(f"batch: {workers} workers are {seconds[1] / seconds[workers]:.2f}x faster than 1")


def _company_for_benchmark() -> None:
    """Our company's details as the demo has them when they are not filled in yet (a fresh database): an invoice
    cannot be issued without them. Rolled back with the rest."""
    from orderdesk.demo import seed_company
    from orderdesk.models import CompanySettings

    company = seed_company()
    if not (company.name and company.enterprise_number and company.vat_number and company.iban):
        CompanySettings.objects.filter(pk=company.pk).delete()
        seed_company()


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _median(timings: list[float]) -> float:
    """The median of the renders after the first (the first pays for fonts and the stylesheet)."""
    return statistics.median(timings[1:])


def _cpu_with_ended_children() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_cpu() -> float:
    """CPU seconds used so far by our child processes and theirs (Playwright's driver and Chromium), if psutil (a
    dependency of locust, in requirements-dev.txt) is there; 0 otherwise."""
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _rss_mib() -> float:
    """The resident memory of this process now (not its peak)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
