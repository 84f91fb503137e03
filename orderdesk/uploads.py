"""Uploaded files: checked by their content, stored under a random name, served only as a download.

PDF and images are accepted by what their bytes say, never by the name they came with. A manager may allow
more types in the company data (by extension, e.g. "docx, xlsx"); files that a browser would run as a page
(HTML, SVG, XML, scripts) are refused whatever the list says. Stored files get a random name, so nobody can
guess one; the name the user gave is kept on the row to offer it back on download.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# What the first bytes of a file say it is: (kind, content type, extension).
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image", "image/png", ".png"),
    (b"\xff\xd8\xff", "image", "image/jpeg", ".jpg"),
    (b"GIF87a", "image", "image/gif", ".gif"),
    (b"GIF89a", "image", "image/gif", ".gif"),
]
# A browser would render or run these as a page: never accepted, whatever a manager allows.
NEVER = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "js", "mjs", "php", "exe", "bat", "cmd", "sh"}
_ACTIVE_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def sniff(head: bytes) -> tuple[str, str, str] | None:
    """(kind, content type, extension) of a PDF or image by its first bytes; None for anything else."""
    for signature, kind, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return kind, content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp", ".webp"
    return None


def extra_extensions(text: str) -> set[str]:
    """The extensions a manager allows besides PDF and images ("docx, .xlsx" → {"docx", "xlsx"})."""
    names = {part.strip().lower().lstrip(".") for part in text.replace(";", ",").split(",")}
    return {name for name in names if name and name.isalnum() and name not in NEVER}


def _allowed_extras() -> set[str]:
    from orderdesk.models import CompanySettings

    return extra_extensions(CompanySettings.load().upload_extra_types)


def _head(value) -> bytes:
    file = getattr(value, "file", value)
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(2048)
    file.seek(position)
    return head


def upload_check(value, *, images_only: bool = False) -> None:
    """Refuse a file whose content is not a PDF or an image (or a type the manager allowed)."""
    if getattr(value, "_committed", False):
        return  # already stored: checked when it came in
    size = getattr(value, "size", 0) or 0
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    head = _head(value)
    found = sniff(head)
    if images_only:
        if found is None or found[0] != "image":
            raise ValidationError(_("This file is not a PNG, JPEG, GIF or WebP image."), code="not_image")
        return
    if found is not None:
        return
    extension = PurePath(getattr(value, "name", "") or "").suffix.lower().lstrip(".")
    lowered = head.lstrip().lower()
    if extension in _allowed_extras() and not any(marker in lowered for marker in _ACTIVE_MARKERS):
        return
    raise ValidationError(
        _("Only PDF files and images are accepted; a manager can allow other types in the company data."),
        code="file_type",
    )


def validate_upload(value) -> None:
    upload_check(value)


def validate_image_upload(value) -> None:
    upload_check(value, images_only=True)


@deconstructible
class RandomName:
    """upload_to that stores a file as <folder>/<random>.<extension>, whatever it was called."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        if not extension[1:].isalnum():
            extension = ""
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def original_name(file) -> str:
    """The name the user's file had, without any folder (for the row's display and download name)."""
    return PurePath(getattr(file, "name", "") or "").name[:255]


def download_response(file, *, filename: str) -> FileResponse:
    """A stored file as a download: never shown inline, never sniffed into something a browser runs."""
    file.open("rb")
    found = sniff(_head(file))
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type=found[1] if found else "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
