"""The demo data of the whole product, in the order the layers build on each other: the foundation (company,
users), then each app seeds itself from the data of the apps below it."""

from complaints.demo import seed_complaints
from customers.demo import seed_customers
from orderdesk.demo import seed_company, seed_users
from orderdesk.models import User
from orderdesk.permissions import roles_sync
from sales.demo import seed_catalog
from sales.demo_collections import seed_collections
from sales.demo_documents import seed_documents
from sales.demo_invoices import seed_invoices


def seed_demo() -> list[User]:
    roles_sync()
    seed_company()
    users = seed_users()
    seed_customers(users)
    seed_catalog(users)
    seed_documents(users)
    seed_invoices(users)
    seed_collections(users)
    seed_complaints(users)
    return users
