"""Simulated users of Order Desk for `make loadtest` (scripts/loadtest.sh starts everything and runs this).

Assistants answer the phone: My desk, a customer search, a price answer, a quote written and sent, an order
taken and confirmed. Accounting imports a bank statement and reads the receivables. Managers read the dashboard.
Every user signs in once with the demo accounts (password "demo").

Page views (GET of a whole page) are named after the page; actions (POST) start with "POST". The data the users
need (customers, products, bank statements) comes from loadtest/prepare.py through LOADTEST_DATA.
"""

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, events, task

DATA_DIR = Path(os.environ.get("LOADTEST_DATA", "var/loadtest"))
DATA = json.loads((DATA_DIR / "data.json").read_text())
STATEMENTS = sorted((DATA_DIR / "coda").glob("*.cod"))
_next_statement = itertools.count(int(os.environ.get("LOADTEST_FIRST_STATEMENT", "0")))
_statement_lock = threading.Lock()
DOCUMENT_ID = re.compile(r"/(?:quotes|orders)/(\d+)/")


class OrderDeskUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # reading the page, typing: an office user's pace, a little faster
    username = ""

    def on_start(self):
        self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": "demo", "csrfmiddlewaretoken": self._csrf()},
            name="POST sign in",
        )

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post(self, url, data=None, *, name, files=None, htmx=False):
        headers = {"X-CSRFToken": self._csrf()}
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.post(url, data=data or {}, files=files, headers=headers, name=name,
                              catch_response=True) as response:  # fmt: skip
            _signed_in(response)
        return response

    def page(self, url, *, name, params=None):
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            _signed_in(response)
        return response


def _signed_in(response) -> None:
    """A page that sends us back to the sign-in form answered nothing: that is an error, not a fast page."""
    if response.ok and "/accounts/login/" in (response.url or ""):
        response.failure("sent back to the sign-in page")


class Assistant(OrderDeskUser):
    weight = 5
    username = "assistant"

    @task(4)
    def desk(self):
        self.page("/", name="My desk")

    @task(3)
    def customer_search(self):
        word = random.choice(DATA["words"])
        self.page("/customers/", name="customer list, search", params={"q": word})
        self.page("/search/", name="global search", params={"q": word})

    @task(3)
    def product_answer(self):
        self.page("/price-check/", name="price answer", params={
            "product": random.choice(DATA["products"]), "quantity": random.choice(["1", "5", "20"]),
            "customer": random.choice(DATA["customers"]),
        })  # fmt: skip

    @task(2)
    def quote_written_and_sent(self):
        response = self.post("/quotes/new/", {"company": random.choice(DATA["customers"])}, name="POST new quote")
        match = DOCUMENT_ID.search(response.url or "")
        if not match:
            return
        quote = match[1]
        self.page(f"/quotes/{quote}/", name="quote")
        for sku in random.sample(DATA["products"], 2):
            self.post(f"/quotes/{quote}/lines/", {"product": sku, "quantity": random.choice(["1", "2", "4"])},
                      name="POST quote line", htmx=True)  # fmt: skip
        self.post(f"/quotes/{quote}/send/", name="POST send quote")
        self.page(f"/quotes/{quote}/", name="quote")

    @task(1)
    def order_taken_and_confirmed(self):
        response = self.post("/orders/new/", {"company": random.choice(DATA["customers"])}, name="POST new order")
        match = DOCUMENT_ID.search(response.url or "")
        if not match:
            return
        order = match[1]
        self.page(f"/orders/{order}/", name="order")
        self.post(f"/orders/{order}/lines/", {"product": random.choice(DATA["products"]), "quantity": "1"},
                  name="POST order line", htmx=True)  # fmt: skip
        self.post(f"/orders/{order}/confirm/", name="POST confirm order")
        self.page(f"/orders/{order}/", name="order")

    @task(1)
    def lists(self):
        self.page("/quotes/", name="quote list")
        self.page("/orders/", name="order list")


class Accounting(OrderDeskUser):
    weight = 2
    username = "accounting"

    @task(3)
    def receivables(self):
        self.page("/receivables/", name="receivables")
        self.page("/invoices/", name="invoice list")

    @task(1)
    def receivables_deep_page(self):
        self.page("/invoices/", name="invoice list, deep page", params={"page": random.randint(100, 4000)})

    @task(1)
    def bank_import(self):
        with _statement_lock:
            number = next(_next_statement)
        if number >= len(STATEMENTS):
            return
        path = STATEMENTS[number]
        self.page("/bank/", name="bank")
        self.post("/bank/", name="POST bank import", files={"file": (path.name, path.read_bytes())})


class Manager(OrderDeskUser):
    weight = 1
    username = "manager"

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", name="dashboard")

    @task(1)
    def desk(self):
        self.page("/", name="My desk")


# --- the suite's smoke run (tests/test_loadtest_scenario.py): every task of the class once, then stop -------------

if os.environ.get("LOADTEST_SMOKE"):

    def _every_task_once(user):
        for name in type(user).smoke_tasks:
            getattr(user, name)()
        user.environment.runner.quit()

    for _user_class in (Assistant, Accounting, Manager):
        _user_class.smoke_tasks = sorted({function.__name__ for function in _user_class.tasks})
        _user_class.tasks = [_every_task_once]
        _user_class.wait_time = between(0, 0)


# --- every response time, for exact percentiles of page views and actions (loadtest/report.py) ------------------

_timings: list[tuple[str, str, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    _timings.append((request_type, name, response_time, exception is None))


@events.quitting.add_listener
def _write(environment, **kwargs):
    target = os.environ.get("LOADTEST_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(_timings))
