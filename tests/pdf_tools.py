"""Read PDFs the way a customer's viewer does: with poppler's command-line tools."""

import subprocess
import tempfile
from pathlib import Path


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pdf_text(pdf: bytes) -> str:
    """The text of every page, laid out like the page (columns stay on one line)."""
    return _poppler("pdftotext", pdf, "-layout")


def pdf_images(pdf: bytes) -> list[str]:
    """One line per embedded image, as `pdfimages -list` reports it (transparency masks left out)."""
    rows = _poppler("pdfimages", pdf, "-list").splitlines()[2:]
    return [row for row in rows if row.split()[2] == "image"]


def pdf_attachments(pdf: bytes) -> list[str]:
    """Names of the files embedded in the PDF (`pdfdetach -list`)."""
    return _poppler("pdfdetach", pdf, "-list").splitlines()[1:]


def pdf_page_count(pdf: bytes) -> int:
    info = _poppler("pdfinfo", pdf)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
