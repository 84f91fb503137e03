"""PDF rendering: the one module that imports WeasyPrint.

Documents may load our own static files, uploaded media (the company logo) and data: URIs.
Everything else (file://, http(s)://, any other host) is refused, so a template or a customer's
text can never pull a local file or reach the network into a PDF.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A name no DNS can resolve: URLs under it are ours and are answered from disk, never fetched.
BASE_URL = "https://orderdesk.invalid/"

_font_config = None


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
    from orderdesk.models import CompanySettings

    with translation.override(language):
        html = render_to_string(
            template_name,
            # MEDIA_URL + file name, never file.url: with S3 storage .url is a remote address the fetcher refuses.
            {"company": CompanySettings.load(), **context, "LANGUAGE_CODE": language, "MEDIA_URL": settings.MEDIA_URL},
        )
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Lay out HTML as PDF; resources resolve against BASE_URL through the local-only fetcher."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyURLFetcher())
    return document.write_pdf(font_config=_fonts())
