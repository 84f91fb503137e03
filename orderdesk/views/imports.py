"""Upload, preview, confirm: the steps of every CSV import (companies and contacts, products, price lists).

The upload is checked row by row and nothing is written; the page shows what each row would do. The uploaded bytes
then wait in the session with their sha256 digest, and the confirmation imports exactly the file that was
previewed, everything or nothing. What the confirmation starts is the importing view's: the catalog files are
imported in the request, the companies file is queued for a worker and followed on its own page.
"""

import base64
import hashlib
import hmac
from typing import Any

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from orderdesk.csvimport import ImportHasErrors
from orderdesk.exceptions import DomainError
from orderdesk.permissions import PermissionMixin


class ImportFileForm(forms.Form):
    """The CSV file to import. A subclass sets the largest size and says it in `help_text` and `too_large`."""

    max_size = 0
    help_text = ""
    too_large = ""

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        validators=[FileExtensionValidator(["csv"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help_text

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.max_size:
            raise forms.ValidationError(self.too_large)
        return file


class ImportView(PermissionMixin, View):
    """An import page: GET shows the upload form, POST with a file shows the preview, POST with confirm=1 and the
    previewed file's digest imports it.

    The page's template includes "_import_preview.html" and "_import_upload.html". A subclass says how to preview
    and commit its file and where to go when it is done, and fills the preview table: the totals shown between
    the number of rows and the rows with errors, and the cells that name each row.
    """

    form_class: type[ImportFileForm]
    template_name = ""
    session_key = ""
    url_name = ""
    columns: list = []
    max_rows = 0
    row_headers: tuple = ()  # the preview table's columns that name a row
    details_header = gettext_lazy("Details")
    new_groups_label = ""  # said before the groups (categories, price lists) the import would create

    def preview(self, *, content: bytes, actor):
        raise NotImplementedError

    def commit(self, *, content: bytes, filename: str, actor) -> Any:
        raise NotImplementedError

    def done(self, request, result):
        raise NotImplementedError

    def preview_totals(self, preview) -> list[tuple[str, int]]:
        return []

    def row_cells(self, row) -> list:
        return []

    def row_class(self, row) -> str:
        return "table-danger" if row.errors else ""

    def extra_context(self) -> dict:
        return {}

    def get(self, request):
        return self._render(request, form=self.form_class())

    def post(self, request):
        if request.POST.get("confirm") == "1":
            return self._confirm(request)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = self.preview(content=content, actor=request.user)
        request.session.pop(self.session_key, None)
        if not preview.is_valid:
            return self._render(request, form=self.form_class(), preview=preview, filename=upload.name, status=400)
        digest = hashlib.sha256(content).hexdigest()
        request.session[self.session_key] = {
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
            "filename": upload.name,
        }
        return self._render(request, form=self.form_class(), preview=preview, filename=upload.name, digest=digest)

    def _confirm(self, request):
        stored = request.session.get(self.session_key) or {}
        digest = request.POST.get("digest", "")
        content = base64.b64decode(stored.get("content", ""))
        if not (stored and digest and hmac.compare_digest(stored["digest"], digest)) or (
            hashlib.sha256(content).hexdigest() != digest
        ):
            messages.error(
                request,
                _(
                    "The previewed file is no longer waiting (it was imported, or another file was uploaded since). "
                    "Upload it again."
                ),
            )
            return redirect(self.url_name)
        request.session.pop(self.session_key, None)
        filename = stored.get("filename", "")
        try:
            result = self.commit(content=content, filename=filename, actor=request.user)
        except ImportHasErrors as error:
            return self._render(
                request,
                form=self.form_class(),
                preview=error.preview,
                filename=filename,
                error=error.message,
                status=400,
            )
        except DomainError as error:
            return self._render(request, form=self.form_class(), error=error.message, status=400)
        return self.done(request, result)

    def _render(self, request, *, form, preview=None, filename="", digest="", error="", status=200):
        context = {
            "form": form,
            "preview": preview,
            "filename": filename,
            "digest": digest,
            "error": error,
            "columns": self.columns,
            "max_rows": self.max_rows,
            "import_url": self.url_name,
            **self.extra_context(),
        }
        if preview is not None:
            context |= {
                "preview_totals": self.preview_totals(preview),
                "preview_rows": [(row, self.row_cells(row), self.row_class(row)) for row in preview.rows],
                "row_headers": self.row_headers,
                "details_header": self.details_header,
                "new_groups_label": self.new_groups_label,
            }
        return render(request, self.template_name, context, status=status)
