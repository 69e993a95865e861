"""Files that are small on disk but far too big inside: a .docx whose XML unpacks to megabytes, a PDF of endless pages."""

from __future__ import annotations

import re
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest

from tracker.minutes import reading
from tracker.minutes.reading import MinutesFileError, read_minutes

SENTENCE = "The Director undertook to provide the vacancy figures."
PARAGRAPH = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>"


def word_file(path: Path, paragraphs: int) -> None:
    """A .docx whose document part holds `paragraphs` copies of one paragraph: it compresses to almost nothing."""
    plain = path.with_name("plain.docx")
    document = docx.Document()
    document.add_paragraph("Item 4 Housing")
    document.save(str(plain))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.index("<w:sectPr")
                data = (xml[:at] + PARAGRAPH * paragraphs + xml[at:]).encode("utf-8")
            target.writestr(info.filename, data)


def pdf_file(path: Path, pages: int, lines: int = 20) -> None:
    """A PDF of `pages` pages, each with `lines` lines of the same sentence (byte offsets of the xref computed)."""
    font = 3 + 2 * pages
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * n} 0 R' for n in range(pages))}] /Count {pages} >>"]
    text = "BT /F1 11 Tf 50 750 Td 14 TL " + " ".join(f"({SENTENCE}) Tj T*" for _ in range(lines)) + " ET"
    for n in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * n} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
        objects.append(f"<< /Length {len(text)} >>\nstream\n{text}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def test_a_word_file_small_on_disk_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    word_file(path, reading.MAX_DOCX_XML_BYTES // len(PARAGRAPH) + 1000)
    assert path.stat().st_size < 500_000  # a fortieth of what it unpacks to, or less
    started = time.perf_counter()
    refused = r"minutes\.docx unpacks to 20\.\d MB of document XML, more than the 20 MB"
    with pytest.raises(MinutesFileError, match=refused) as raised:
        read_minutes(path)
    assert time.perf_counter() - started < 1.0
    assert "Save the minutes as .txt" in str(raised.value)


def test_a_word_file_under_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    word_file(path, 50)
    text = read_minutes(path)
    assert text.startswith("Item 4 Housing") and text.count(SENTENCE) == 50


def test_a_word_file_with_more_text_than_minutes_could_hold_is_refused_once_it_has_read_that_much(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_CHARACTERS", 2_000)
    path = tmp_path / "minutes.docx"
    word_file(path, 500)
    with pytest.raises(MinutesFileError, match=r"more than 2,000 characters of text \(stopped reading after \d+ paragraphs\)"):
        read_minutes(path)


def test_a_pdf_with_more_text_than_minutes_could_hold_is_refused_without_reading_every_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_CHARACTERS", 3_000)  # under three pages of twenty lines
    path = tmp_path / "minutes.pdf"
    pdf_file(path, pages=40)
    with pytest.raises(MinutesFileError, match=r"more than 3,000 characters of text \(stopped reading at page \d+\)") as raised:
        read_minutes(path)
    assert int(re.search(r"page (\d+)", str(raised.value)).group(1)) <= 3


def test_a_pdf_under_the_limit_gives_the_text_of_every_page(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    pdf_file(path, pages=3, lines=2)
    assert read_minutes(path).count(SENTENCE) == 6


def test_the_limits_are_said_with_the_name_the_clerk_gave_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_CHARACTERS", 100)
    path = tmp_path / "committee minutes.pdf"
    pdf_file(path, pages=2)
    with pytest.raises(MinutesFileError, match=r"^committee minutes\.pdf holds more than 100 characters"):
        read_minutes(path)


def test_a_word_file_that_declares_its_parts_smaller_than_they_unpack_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    word_file(path, reading.MAX_DOCX_XML_BYTES // len(PARAGRAPH) + 1000)
    data = bytearray(path.read_bytes())
    name, at = b"word/document.xml", 0
    while (at := data.find(name, at + 1)) > 0:  # the size in the local header and in the central directory
        if data[at - 46:at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, at - 46 + 24, 1000)
        elif data[at - 30:at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, at - 30 + 22, 1000)
    path.write_bytes(bytes(data))
    started = time.perf_counter()
    with pytest.raises(MinutesFileError, match=r"could not be read as a Word file"):
        read_minutes(path)
    assert time.perf_counter() - started < 1.0
