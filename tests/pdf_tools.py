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


def pdf_paragraphs(pdf: bytes) -> str:
    """The text in reading order, block by block: an address or a wrapped paragraph stays together (tables
    come apart: read those with `pdf_text`)."""
    return _poppler("pdftotext", pdf)


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


def qr_codes(pdf: bytes) -> list[bytes]:
    """The raw content of the QR codes a phone would scan, one per page that has one: every page rendered at
    300 dpi (`pdftoppm`) and decoded by `zbarimg` in binary mode (the bytes as encoded, no charset guessing)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(Path(folder) / "page")], check=True)
        codes = []
        for page in sorted(Path(folder).glob("page*.png")):
            result = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", str(page)], capture_output=True)
            if result.returncode not in (0, 4):  # 4: no code on this page
                raise RuntimeError(f"zbarimg failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
            if result.stdout:
                codes.append(result.stdout)
        return codes
