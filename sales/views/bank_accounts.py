"""Our bank accounts: a manager lists and adds them; statements of other accounts are refused."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.models import CompanySettings
from orderdesk.params import id_param
from orderdesk.permissions import CHANGE_COMPANY, PermissionMixin
from sales.forms import CompanyBankAccountForm
from sales.models import CompanyBankAccount
from sales.selectors.bank import company_bank_accounts
from sales.services.bank_accounts import company_bank_account_add, company_bank_account_remove


class BankAccountsView(PermissionMixin, View):
    permission_required = CHANGE_COMPANY

    def get(self, request, form=None, status=200):
        context = {
            "accounts": company_bank_accounts(),
            "company": CompanySettings.load(),
            "form": form or CompanyBankAccountForm(),
        }
        return render(request, "sales/bank_accounts.html", context, status=status)

    def post(self, request):
        if request.POST.get("remove"):
            account = get_object_or_404(CompanyBankAccount, pk=id_param(request.POST["remove"]))
            company_bank_account_remove(account=account, actor=request.user)
            messages.info(request, _("Statements of %(account)s are not imported any more.") % {"account": account})
            return redirect("sales:bank-accounts")
        form = CompanyBankAccountForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        try:
            account = company_bank_account_add(**form.cleaned_data, actor=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.get(request, form=form, status=400)
        messages.success(request, _("Statements of %(account)s can be imported now.") % {"account": account})
        return redirect("sales:bank-accounts")
