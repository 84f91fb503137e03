from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from orderdesk.mail import outbox_message_retry
from orderdesk.models import OutboxAttachment, OutboxMessage
from orderdesk.params import text_param
from orderdesk.permissions import RETRY_OUTBOX, VIEW_OUTBOX, PermissionMixin
from orderdesk.selectors import outbox_messages, outbox_visible_to


class OutboxListView(PermissionMixin, ListView):
    permission_required = VIEW_OUTBOX
    template_name = "orderdesk/outbox_list.html"
    paginate_by = 25
    context_object_name = "mails"

    def get_queryset(self):
        return outbox_messages(user=self.request.user, state=text_param(self.request.GET.get("state")),
                               query=text_param(self.request.GET.get("q")))  # fmt: skip

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=OutboxMessage.State.choices, **kwargs)


class OutboxDetailView(PermissionMixin, DetailView):
    permission_required = VIEW_OUTBOX
    template_name = "orderdesk/outbox_detail.html"
    context_object_name = "mail"

    def get_queryset(self):
        # Another role's mail is not found (404), like one that does not exist.
        return OutboxMessage.objects.filter(outbox_visible_to(self.request.user)).select_related(
            "created_by").prefetch_related("attachments")  # fmt: skip


class OutboxAttachmentView(PermissionMixin, View):
    permission_required = VIEW_OUTBOX

    def get(self, request, pk, attachment_pk):
        message = get_object_or_404(OutboxMessage.objects.filter(outbox_visible_to(request.user)), pk=pk)
        attachment = get_object_or_404(OutboxAttachment, pk=attachment_pk, message=message)
        return FileResponse(
            attachment.file.open("rb"),
            filename=attachment.filename,
            content_type=attachment.content_type,
            as_attachment=request.GET.get("download") == "1",
        )


class OutboxRetryView(PermissionMixin, View):
    permission_required = RETRY_OUTBOX

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage.objects.filter(outbox_visible_to(request.user)), pk=pk)
        if message.state != OutboxMessage.State.FAILED:
            messages.error(request, _("Only a message that failed can be sent again."))
        else:
            outbox_message_retry(message=message)
            messages.success(request, _("The message is queued to be sent again."))
        return redirect("orderdesk:outbox-detail", pk=pk)
