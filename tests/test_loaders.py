"""Every supported format becomes Markdown with its headings; unreadable files raise LoadError."""

import time
from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_document


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_markdown_keeps_headings_and_takes_title_from_h1(tmp_path):
    doc = load_document(
        write(tmp_path, "guide.md", "# Liver Care\n\nIntro text here.\n\n## Diet\n\nEat well.\n"), tmp_path
    )
    assert doc.title == "Liver Care"
    assert doc.doc_id == "guide"
    assert "## Diet" in doc.markdown


def test_plain_text_short_lines_become_headings(tmp_path):
    text = "Opening paragraph that has no heading at all.\nWhat Ablation Is\nAblation uses heat to destroy small tumors.\n"
    doc = load_document(write(tmp_path, "sub/ablation-guide.txt", text), tmp_path)
    assert "## What Ablation Is" in doc.markdown
    assert doc.title == "Ablation Guide"
    assert doc.doc_id == "sub/ablation-guide"
    assert doc.source == "sub/ablation-guide.txt"


def test_a_section_heading_and_its_first_subheading_both_become_headings_beside_marked_ones(tmp_path):
    """NIH text files mix ``## Overview`` with plain heading lines; two plain ones may stand together."""
    text = (
        "## Overview\n\nRenal cell cancer forms in the kidney.\n\n"
        "Treatment Options for Renal Cell Cancer\n\nStage I Renal Cell Cancer\n"
        "Treatment of stage I renal cell cancer may include surgery.\n"
    )
    doc = load_document(write(tmp_path, "renal.txt", text), tmp_path)
    assert "## Treatment Options for Renal Cell Cancer" in doc.markdown
    assert "## Stage I Renal Cell Cancer" in doc.markdown
    assert "## Overview" in doc.markdown and "### Overview" not in doc.markdown


def test_ten_thousand_heading_lines_are_marked_in_one_pass(tmp_path):
    """Each line once, not a search to the paragraph from every line (10,000 short lines took 15 s)."""
    text = (
        "\n".join(f"Heading Number {n}" for n in range(10_000))
        + "\nA long paragraph that follows them all.\n"
    )
    started = time.perf_counter()
    doc = load_document(write(tmp_path, "headings.txt", text), tmp_path)
    assert doc.markdown.count("## Heading Number") == 10_000
    assert time.perf_counter() - started < 5  # a generous bound: the one-pass version takes ~0.02 s


def test_text_header_block_gives_title_and_url(tmp_path):
    text = "TITLE: Colon Cancer\nSOURCE_URL: https://example.org/colon\n\n## Overview\n\nColon cancer forms in the colon.\n"
    doc = load_document(write(tmp_path, "colon.txt", text), tmp_path)
    assert (doc.title, doc.source_url) == ("Colon Cancer", "https://example.org/colon")
    assert "TITLE:" not in doc.markdown


def test_html_is_converted_without_scripts(tmp_path):
    html = (
        "<html><head><title>TACE leaflet</title><script>alert(1)</script></head>"
        "<body><nav>menu</nav><h2>What is TACE?</h2><p>TACE blocks the tumor's blood supply.</p></body></html>"
    )
    doc = load_document(write(tmp_path, "tace.html", html), tmp_path)
    assert doc.title == "TACE leaflet"
    assert "## What is TACE?" in doc.markdown
    assert "alert" not in doc.markdown and "menu" not in doc.markdown


def test_pdf_text_is_extracted(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    import matplotlib.pyplot as plt

    figure = plt.figure()
    figure.text(0.1, 0.8, "Radiation Therapy")
    figure.text(0.1, 0.7, "Radiation therapy uses high-energy rays to kill cancer cells.")
    figure.savefig(tmp_path / "radiation.pdf")
    plt.close(figure)
    doc = load_document(tmp_path / "radiation.pdf", tmp_path)
    assert "## Radiation Therapy" in doc.markdown
    assert "high-energy rays" in doc.markdown


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "PDF"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.md", b"   \n\n", "no text"),
    ],
)
def test_unreadable_files_raise_load_error_with_reason(tmp_path, name, content, reason):
    with pytest.raises(LoadError, match=reason):
        load_document(write(tmp_path, name, content), tmp_path)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_text_in_older_encodings_is_decoded_not_skipped(tmp_path, encoding, prefix):
    text = "# Café treatment\n\nThe patient's résumé says the tumour is 2 cm - naïve cells were not seen.\n"
    doc = load_document(write(tmp_path, "old.md", prefix + text.encode(encoding)), tmp_path)
    assert "résumé" in doc.markdown and doc.title == "Café treatment"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, "huge.txt", b"Liver metastases are tumours. " * 40_000)
    with pytest.raises(LoadError, match=r"too large .* MAX_DOCUMENT_MB"):
        load_document(path, tmp_path, max_bytes=1_000_000)
    assert load_document(path, tmp_path, max_bytes=2_000_000).markdown
