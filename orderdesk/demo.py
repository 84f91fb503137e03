"""Demo data for `seed_demo`: our demo company and one user per role. Idempotent."""

from collections.abc import Iterable

from orderdesk.models import CompanySettings, User
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER

DEMO_PASSWORD = "demo"

DEMO_USERS = [
    # username, first name, last name, language, role
    ("assistant", "An", "Peeters", "nl", ASSISTANT),
    ("assistante", "Sophie", "Dubois", "fr", ASSISTANT),
    ("manager", "Marc", "Janssens", "nl", MANAGER),
    ("accounting", "Els", "Maes", "en", ACCOUNTING),
]


def seed_company() -> CompanySettings:
    company, _created = CompanySettings.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Vandenbroucke Technics",
            "legal_form": "BV",
            "street": "Industrieweg 12",
            "postal_code": "9000",
            "city": "Gent",
            "country": "BE",
            "enterprise_number": "0403170701",
            "vat_number": "BE0403170701",
            "register_court": "RPR Gent",
            "iban": "BE73735012345660",
            "bic": "KREDBEBB",
            "email": "verkoop@vandenbroucke-technics.be",
            "phone": "+32 9 123 45 67",
            "website": "https://www.vandenbroucke-technics.be",
            "default_payment_days": 30,
            "terms_nl": "Onze algemene verkoopsvoorwaarden zijn van toepassing. "
            "Betaling binnen 30 dagen na factuurdatum.",
            "terms_fr": "Nos conditions générales de vente sont d'application. "
            "Paiement dans les 30 jours de la date de facture.",
            "terms_en": "Our general terms of sale apply. Payment within 30 days of the invoice date.",
        },
    )
    return company


def seed_users() -> list[User]:
    from django.contrib.auth.models import Group

    users = []
    for username, first_name, last_name, language, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "language": language,
                "email": f"{username}@vandenbroucke-technics.be",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        users.append(user)
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@vandenbroucke-technics.be"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    users.append(admin)
    return users


def demo_users(users: Iterable[User] | None = None) -> dict[str, User]:
    """The demo users by username, taken from `users` or the database: every app's demo data needs them."""
    wanted = {"assistant", "assistante", "manager", "accounting"}
    found = {user.username: user for user in users or () if user.username in wanted}
    for user in User.objects.filter(username__in=wanted - set(found)):
        found[user.username] = user
    missing = wanted - set(found)
    if missing:
        raise ValueError(f"Seed the demo users first; missing: {', '.join(sorted(missing))}")
    return found
