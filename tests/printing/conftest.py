"""Reading PDFs back with poppler-utils (pdftotext, pdffonts), as a person's PDF viewer would."""

import shutil
import subprocess

import pytest


def _poppler(tool, pdf_bytes, *args):
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: `make test` installs poppler-utils (or: apt-get install poppler-utils)")
    completed = subprocess.run([tool, *args, "-", "-"] if tool == "pdftotext" else [tool, "-"],
                               input=pdf_bytes, capture_output=True, check=True)
    return completed.stdout.decode()


@pytest.fixture
def pdf_text():
    """The text of a PDF, page by page in reading order (pages separated by form feeds)."""
    return lambda pdf_bytes: _poppler("pdftotext", pdf_bytes, "-layout", "-enc", "UTF-8")


@pytest.fixture
def pdf_fonts():
    """pdffonts' table of the fonts a PDF uses: name, type, encoding, emb, sub, uni."""
    return lambda pdf_bytes: _poppler("pdffonts", pdf_bytes)
