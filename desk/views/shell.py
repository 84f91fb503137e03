from django.views.generic import TemplateView

from customers.views.companies import on_the_line_id
from desk.selectors import desk_queues, desk_tasks_due, global_search
from orderdesk.params import text_param


class DeskView(TemplateView):
    template_name = "desk/desk.html"

    def get_template_names(self):
        return ["desk/_desk_queues.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            queues=desk_queues(user=self.request.user), tasks_due=desk_tasks_due(user=self.request.user), **kwargs
        )


class SearchView(TemplateView):
    """Global search, as you type (htmx fragment) or as a full page on Enter."""

    def get_template_names(self):
        return ["desk/_search_results.html" if self.request.htmx else "desk/search.html"]

    def get_context_data(self, **kwargs):
        query = text_param(self.request.GET.get("q"))
        groups = global_search(user=self.request.user, query=query, customer_id=on_the_line_id(self.request))
        return super().get_context_data(query=query, groups=groups)
