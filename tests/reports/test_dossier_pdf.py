"""reports/pdf.py: HTML to PDF, fetching Tutela's own static files and nothing else."""

from __future__ import annotations

import base64
import logging

import pytest

from tests.reports.dossier_case import pdf_text
from tutela.reports.pdf import StaticFilesOnly, render_pdf

BASE = "http://testserver/"


def test_it_serves_our_static_files_and_data_urls():
    fetcher = StaticFilesOnly(BASE)
    response = fetcher.fetch(BASE + "static/reports/dossier.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    pixel = base64.b64encode(b"GIF89a").decode()
    assert fetcher.fetch(f"data:image/gif;base64,{pixel}").read() == b"GIF89a"


@pytest.mark.parametrize(
    "address",
    [
        "http://example.org/static/reports/dossier.css",  # another host
        "https://testserver/static/reports/dossier.css",  # another origin
        "http://testserver/sites/",  # our own pages: a request the reader did not make
        "http://testserver/static/../settings.py",
        "http://testserver/static/reports/%2e%2e/%2e%2e/settings.py",
        "http://testserver/static//etc/passwd",
        "file:///etc/passwd",
        "ftp://testserver/static/reports/dossier.css",
    ],
)
def test_it_refuses_any_other_address(address):
    with pytest.raises(ValueError, match="not one of Tutela's static files"):
        StaticFilesOnly(BASE).fetch(address)


def test_it_renders_with_our_stylesheet_and_without_what_it_refused(caplog):
    html = (
        '<html lang="en"><head><link rel="stylesheet" href="/static/reports/dossier.css">'
        '</head><body class="print"><p class="print-footer dossier">x</p><p>გელათი · Գելաթի</p>'
        '<img src="http://example.org/track.png" alt="tracker"></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="tutela.reports.pdf"):
        pdf = render_pdf(html, BASE)
    assert pdf.startswith(b"%PDF-")
    assert "გელათი · Գելաթի" in pdf_text(pdf)
    assert "refused to fetch http://example.org/track.png" in caplog.text


def test_the_leak_test_reads_what_these_pdfs_show():
    """The positive control of the leak test's PDF decoder for WeasyPrint's files, whose
    fonts are named in an object of their own (tests/access/decoders.py)."""
    from tests.access.decoders import decode_bytes

    pdf = render_pdf("<p>Latitude 41.987654 · <b>Զ</b> <code>44.123456</code></p>", BASE)
    learned = decode_bytes(pdf, "application/pdf", "dossier.pdf")
    assert learned.unreadable == []
    shown = "\n".join(learned.text)
    assert "41.987654" in shown and "44.123456" in shown and "Զ" in shown
