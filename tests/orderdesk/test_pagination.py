"""Long lists page on ids first: a page shows the same rows, in the same order, as plain OFFSET paging."""

import pytest
from django.core.paginator import Paginator

from orderdesk.models import User
from orderdesk.pagination import IdFirstPaginator

pytestmark = pytest.mark.django_db


def test_every_page_has_the_rows_of_plain_paging_in_the_same_order():
    User.objects.bulk_create([User(username=f"user-{n:02d}", first_name=f"{n % 3}") for n in range(23)])
    users = User.objects.order_by("-first_name", "username")

    plain, by_ids = Paginator(users, 5, orphans=2), IdFirstPaginator(users, 5, orphans=2)

    assert by_ids.count == plain.count and by_ids.num_pages == plain.num_pages >= 4
    for number in plain.page_range:
        assert list(by_ids.page(number).object_list) == list(plain.page(number).object_list)
    assert list(by_ids.get_page(99).object_list) == list(plain.page(plain.num_pages).object_list)  # past the end
    assert list(IdFirstPaginator(User.objects.none().order_by("pk"), 5).get_page(1).object_list) == []
