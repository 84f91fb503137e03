import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from customers.forms import ContactForm, DeliveryAddressForm
from customers.models import Company, Contact, DeliveryAddress
from customers.services.addresses import delivery_address_delete, delivery_address_save
from customers.services.contacts import contact_save
from customers.services.privacy import contact_anonymise, contact_personal_data
from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.permissions import PermissionMixin


def _render(request, form, company, contact=None, status=200):
    context = {"form": form, "company": company, "contact": contact}
    return render(request, "customers/contact_form.html", context, status=status)


class ContactCreateView(PermissionMixin, View):
    permission_required = "customers.add_contact"

    def get(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        return _render(request, ContactForm(initial={"language": company.language}), company)

    def post(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        form = ContactForm(request.POST, instance=Contact(company=company))
        return _save(request, form, company)


class ContactUpdateView(PermissionMixin, View):
    permission_required = "customers.change_contact"

    def get(self, request, pk):
        contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
        return _render(request, ContactForm(instance=contact), contact.company, contact)

    def post(self, request, pk):
        contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
        return _save(request, ContactForm(request.POST, instance=contact), contact.company, contact)


def _save(request, form, company, contact=None):
    if form.is_valid():
        try:
            saved = contact_save(contact=form.save(commit=False), roles=form.cleaned_data["roles"], actor=request.user)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.full_name})
            return redirect("customers:company-detail", pk=company.pk)
    return _render(request, form, company, contact, status=400)


class ContactAnonymiseView(PermissionMixin, View):
    permission_required = "customers.change_contact"

    def post(self, request, pk):
        contact = get_object_or_404(Contact, pk=pk)
        contact_anonymise(contact=contact, actor=request.user)
        messages.success(request, _("The contact's personal data is erased; the history keeps an anonymous entry."))
        return redirect("customers:company-detail", pk=contact.company_id)


class ContactDataExportView(PermissionMixin, View):
    """What we keep about this person, as a JSON file to hand over on request."""

    permission_required = "customers.view_contact"

    def get(self, request, pk):
        contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
        data = contact_personal_data(contact=contact)
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
        return response


class DeliveryAddressEditView(PermissionMixin, View):
    """Add (no pk) or change a delivery address of a company."""

    permission_required = "customers.change_company"
    template_name = "customers/delivery_address_form.html"

    def _load(self, company_pk, pk):
        company = get_object_or_404(Company, pk=company_pk)
        address = get_object_or_404(DeliveryAddress, pk=pk, company=company) if pk else DeliveryAddress(company=company)
        return company, address

    def get(self, request, company_pk, pk=None):
        company, address = self._load(company_pk, pk)
        form = DeliveryAddressForm(instance=address, initial={"country": company.country})
        return render(request, self.template_name, {"form": form, "company": company, "address": address})

    def post(self, request, company_pk, pk=None):
        company, address = self._load(company_pk, pk)
        if "delete" in request.POST and address.pk:
            delivery_address_delete(address=address, actor=request.user)
            messages.success(request, _("The delivery address is removed."))
            return redirect("customers:company-detail", pk=company.pk)
        form = DeliveryAddressForm(request.POST, instance=address)
        if form.is_valid():
            try:
                delivery_address_save(address=form.save(commit=False), actor=request.user)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The delivery address is saved."))
                return redirect("customers:company-detail", pk=company.pk)
        context = {"form": form, "company": company, "address": address}
        return render(request, self.template_name, context, status=400)
