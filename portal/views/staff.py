"""The assistant's side of the portal: send or revoke a contact's personal link, confirm a payment date, mark a
question handled, see the photos of a reported problem."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Contact
from orderdesk.exceptions import DomainError
from orderdesk.permissions import CHANGE_CUSTOMERS, RECORD_PROMISES, VIEW_COMPLAINTS, PermissionMixin
from orderdesk.uploads import download_response
from portal.models import PortalPhoto, PortalRequest
from portal.services import portal_link_send, portal_links_revoke, portal_promise_confirm, portal_request_close


def _back(company_id: int):
    return redirect("customers:company-detail", company_id)


class PortalLinkSendView(PermissionMixin, View):
    permission_required = CHANGE_CUSTOMERS

    def post(self, request, pk):
        contact = get_object_or_404(Contact, pk=pk)
        try:
            portal_link_send(contact=contact, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The personal link is on its way to %(email)s.") % {"email": contact.email})
        return _back(contact.company_id)


class PortalLinkRevokeView(PermissionMixin, View):
    permission_required = CHANGE_CUSTOMERS

    def post(self, request, pk):
        contact = get_object_or_404(Contact, pk=pk)
        count = portal_links_revoke(contact=contact, actor=request.user)
        messages.success(request, _("%(count)s link(s) of %(contact)s no longer work.")
                         % {"count": count, "contact": contact.full_name})  # fmt: skip
        return _back(contact.company_id)


class PortalPromiseConfirmView(PermissionMixin, View):
    permission_required = RECORD_PROMISES

    def post(self, request, pk):
        portal_request = get_object_or_404(PortalRequest, pk=pk, kind=PortalRequest.Kind.PROMISE)
        try:
            portal_promise_confirm(request=portal_request, actor=request.user, today=timezone.localdate())
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The payment promise is recorded: reminders wait for the date."))
        return _back(portal_request.company_id)


class PortalRequestCloseView(PermissionMixin, View):
    permission_required = "customers.change_followuptask"

    def post(self, request, pk):
        portal_request = get_object_or_404(PortalRequest, pk=pk)
        try:
            portal_request_close(request=portal_request, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        return _back(portal_request.company_id)


class PortalPhotoView(PermissionMixin, View):
    permission_required = VIEW_COMPLAINTS

    def get(self, request, pk):
        photo = get_object_or_404(PortalPhoto.objects.select_related("request"), pk=pk)
        if not request.user.has_perm("customers.view_company"):
            raise PermissionDenied
        return download_response(photo.file, filename=photo.original_name or "photo")
