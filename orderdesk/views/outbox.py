from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from orderdesk.mail import outbox_message_retry
from orderdesk.models import OutboxAttachment, OutboxMessage
from orderdesk.permissions import RETRY_OUTBOX, VIEW_OUTBOX, PermissionMixin
from orderdesk.selectors import outbox_messages


class OutboxListView(PermissionMixin, ListView):
    permission_required = VIEW_OUTBOX
    template_name = "orderdesk/outbox_list.html"
    paginate_by = 25
    context_object_name = "mails"

    def get_queryset(self):
        return outbox_messages(state=self.request.GET.get("state", ""), query=self.request.GET.get("q", "").strip())

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=OutboxMessage.State.choices, **kwargs)


class OutboxDetailView(PermissionMixin, DetailView):
    permission_required = VIEW_OUTBOX
    template_name = "orderdesk/outbox_detail.html"
    context_object_name = "mail"

    def get_queryset(self):
        return OutboxMessage.objects.select_related("created_by").prefetch_related("attachments")


class OutboxAttachmentView(PermissionMixin, View):
    permission_required = VIEW_OUTBOX

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(OutboxAttachment, pk=attachment_pk, message_id=pk)
        return FileResponse(
            attachment.file.open("rb"),
            filename=attachment.filename,
            content_type=attachment.content_type,
            as_attachment=request.GET.get("download") == "1",
        )


class OutboxRetryView(PermissionMixin, View):
    permission_required = RETRY_OUTBOX

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        if message.state != OutboxMessage.State.FAILED:
            messages.error(request, _("Only a message that failed can be sent again."))
        else:
            outbox_message_retry(message=message)
            messages.success(request, _("The message is queued to be sent again."))
        return redirect("orderdesk:outbox-detail", pk=pk)
