"""PDF rendering: the one module that imports WeasyPrint.

Documents may load our own static files, uploaded media (the company logo) and data: URIs.
Everything else (file://, http(s)://, any other host) is refused, so a template or a customer's
text can never pull a local file or reach the network into a PDF.
"""

import gc
import mimetypes
import os
import re
import threading
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A name no DNS can resolve: URLs under it are ours and are answered from disk, never fetched.
BASE_URL = "https://orderdesk.invalid/"

# The print stylesheet every document gets. It is parsed once per process and handed to WeasyPrint as a compiled
# stylesheet (document templates do not link it): parsing it again for every PDF cost about a tenth of a render.
DOCUMENT_STYLESHEET = "documents/document.css"

# The EPC QR code as a PNG of one pixel per module, drawn without smoothing (image-rendering: pixelated in the
# stylesheet): a small bitmap costs WeasyPrint almost nothing, where the same code as SVG paths cost ~40 ms.
QR_BORDER = 2

# WeasyPrint's user-agent stylesheet without its rules for every element's ::marker (lists only: documents have
# none) and ::footnote-call/-marker, ::note-call/-marker/-callback (documents use no footnotes): matching every
# element, they gave each one six pseudo-element styles to compute, ~85 % of all styles of a render.
_LEAN_UA = re.sub(r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{.*$", "", UA, flags=re.M)
_LEAN_UA = _LEAN_UA.replace("\n::marker {", "\nli::marker, summary::marker {")
_UA_STYLESHEET = CSS(string=_LEAN_UA, counter_style=UA_COUNTER_STYLE)

_font_config = None
_stylesheets: dict[str, tuple[float, CSS]] = {}


def _fonts() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class RefusedURL(ValueError):
    pass


class LocalOnlyURLFetcher(URLFetcher):
    """Serves /static/ and /media/ from our own storage; refuses every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise RefusedURL(f"PDF resources are limited to our own files: {url}")
        path = unquote(parts.path)
        if ".." in path.split("/"):
            raise RefusedURL(f"Refused path: {url}")
        if path.startswith(settings.STATIC_URL):
            body = _static_file(path.removeprefix(settings.STATIC_URL))
            if body is None:
                raise RefusedURL(f"No such static file: {url}")
        elif path.startswith(settings.MEDIA_URL):
            name = path.removeprefix(settings.MEDIA_URL)
            if not default_storage.exists(name):
                raise RefusedURL(f"No such media file: {url}")
            with default_storage.open(name, "rb") as handle:
                body = handle.read()
        else:
            raise RefusedURL(f"PDF resources are limited to static and media files: {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


_FETCHER = LocalOnlyURLFetcher()


class _DocumentHTML(HTML):
    """HTML laid out with the lean user-agent stylesheet above (WeasyPrint has no public option for it)."""

    def _ua_stylesheets(self, forms=False):
        return [_UA_STYLESHEET]


# A render allocates hundreds of thousands of objects, so the cyclic collector ran again and again during it, its
# older generations walking every object of the process (Django, WeasyPrint, ...): ~20 % of a four-page invoice.
# It is paused while a render runs and resumes after it (the render's garbage is collected then; memory after
# 1,000 renders is unchanged). A counter, so that renders in parallel threads do not switch it back on under
# each other.
_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _collector_paused():
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _static_file(name: str) -> bytes | None:
    # Source files in development; collected (hashed) files in production.
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as handle:
            return handle.read()
    return None


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render a document template to PDF bytes in the given language (the customer's, not the user's)."""
    return html_to_pdf(render_html(template_name, context, language=language))


def render_html(template_name: str, context: dict, *, language: str) -> str:
    """The HTML of a document as WeasyPrint lays it out (without the stylesheet: see html_for_browser)."""
    from orderdesk.models import CompanySettings

    with translation.override(language):
        return render_to_string(
            template_name,
            # MEDIA_URL + file name, never file.url: with S3 storage .url is a remote address the fetcher refuses.
            {"company": CompanySettings.load(), **context, "LANGUAGE_CODE": language, "MEDIA_URL": settings.MEDIA_URL},
        )


def html_to_pdf(html: str) -> bytes:
    """Lay out HTML as PDF with the document stylesheet; resources resolve against BASE_URL through the
    local-only fetcher."""
    with _collector_paused():
        document = _DocumentHTML(string=html, base_url=BASE_URL, url_fetcher=_FETCHER)
        return document.write_pdf(stylesheets=[compiled_stylesheet(DOCUMENT_STYLESHEET)], font_config=_fonts())


def compiled_stylesheet(name: str) -> CSS:
    """A static stylesheet parsed once per process (again only if the file changed, e.g. while developing)."""
    found = finders.find(name)
    if found:
        modified = os.stat(found).st_mtime
        cached = _stylesheets.get(name)
        if cached is None or cached[0] != modified:
            with open(found, encoding="utf-8") as handle:
                css = CSS(string=handle.read(), base_url=f"{BASE_URL}{settings.STATIC_URL.lstrip('/')}{name}",
                          url_fetcher=_FETCHER, font_config=_fonts())  # fmt: skip
            _stylesheets[name] = cached = (modified, css)
        return cached[1]
    if name not in _stylesheets:  # collected files only (production): they never change while running
        body = _static_file(name)
        if body is None:
            raise RefusedURL(f"No such static file: {name}")
        css = CSS(string=body.decode("utf-8"), base_url=f"{BASE_URL}{settings.STATIC_URL.lstrip('/')}{name}",
                  url_fetcher=_FETCHER, font_config=_fonts())  # fmt: skip
        _stylesheets[name] = (0.0, css)
    return _stylesheets[name][1]


def html_for_browser(html: str) -> str:
    """The same HTML with the document stylesheet linked, as a browser needs it (the Chromium reference of
    `benchmark_pdf`): WeasyPrint gets the stylesheet compiled instead."""
    link = f'<link rel="stylesheet" href="{BASE_URL}{settings.STATIC_URL.lstrip("/")}{DOCUMENT_STYLESHEET}">'
    return re.sub(r"(<head[^>]*>)", lambda match: match[1] + link, html, count=1)


def qr_data_uri(qr) -> str:
    """A segno QR code as the image a document shows: a PNG data: URI, one pixel per module."""
    return qr.png_data_uri(scale=1, border=QR_BORDER)
