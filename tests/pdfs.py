"""Reading PDFs back with poppler-utils (pdftotext, pdffonts, pdfimages), as a person's PDF viewer would.

Fixtures for every test (registered as a plugin by tests/conftest.py)."""

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


@pytest.fixture
def pdf_images():
    """How many images (not soft masks) a PDF draws, by pdfimages -list."""
    def count(pdf_bytes):
        if not shutil.which("pdfimages"):
            pytest.fail("pdfimages is missing: apt-get install poppler-utils")
        listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf_bytes, capture_output=True,
                                 check=True).stdout.decode()
        return sum(1 for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"])
    return count
