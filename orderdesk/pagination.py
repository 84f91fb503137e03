"""Pages of long lists that cost the same on page 4,000 as on page 1."""

from django.core.paginator import Paginator


class IdFirstPaginator(Paginator):
    """Pages a large ordered queryset in two steps: the page's primary keys first (a narrow query an index in the
    list's order answers, however deep the OFFSET), then only those rows with their joins, in the same order.

    With one query, a deep page makes the database build, join and sort every row before it to skip them."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)
