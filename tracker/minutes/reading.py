"""Reading minutes from a file: plain text, Word (.docx) or PDF, as one string."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tracker.domain.errors import TrackerError

SUPPORTED = (".txt", ".docx", ".pdf")
# A .docx is a zip: a file small on disk can unpack to megabytes of XML, and a PDF's pages can hold far more text than
# the minutes of any meeting. Both are refused before they cost more than a moment's work.
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024  # the document's XML parts, unpacked
MAX_TEXT_CHARACTERS = 1_000_000  # some 300 pages; the minutes of one meeting are a small part of this
_MB = 1024 * 1024


class MinutesFileError(TrackerError):
    """Raised when a minutes file is missing, of a type we cannot read, or unreadable."""


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):  # Word's 'Save as text' on Windows writes cp1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MinutesFileError(f"{path} is not readable text (neither UTF-8 nor Windows-1252). Save it as UTF-8 text and try again.")


def _too_much_text(path: Path, where: str) -> MinutesFileError:
    return MinutesFileError(
        f"{path.name} holds more than {MAX_TEXT_CHARACTERS:,} characters of text ({where}), far more than the minutes "
        "of one meeting. Give the minutes of one meeting at a time, saved as .txt if need be.")


def _docx_xml_size(path: Path) -> None:
    """Refuse a .docx whose XML parts unpack to more than MAX_DOCX_XML_BYTES, before any of it is parsed. The sizes are
    those the zip declares; a part that unpacks to more than it declares fails its check when read."""
    with zipfile.ZipFile(path) as z:
        unpacked = sum(info.file_size for info in z.infolist() if info.filename.lower().endswith((".xml", ".rels")))
    if unpacked > MAX_DOCX_XML_BYTES:
        raise MinutesFileError(
            f"{path.name} unpacks to {unpacked / _MB:,.1f} MB of document XML, more than the {MAX_DOCX_XML_BYTES // _MB} MB "
            "allowed for the minutes of one meeting. Save the minutes as .txt, or give one meeting at a time.")


def _docx(path: Path) -> str:
    import docx  # python-docx; imported here so reading text files needs nothing more
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _docx_xml_size(path)
    document = docx.Document(str(path))
    lines: list[str] = []
    size = 0
    # Paragraphs and tables in the order they appear, so an action table stays under its item.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:  # one line per row, cells separated by tabs
                lines.append("\t".join(cell.text.strip().replace("\n", " ") for cell in row.cells))
            lines.append("")
        else:
            continue
        size += len(lines[-1]) + 2
        if size > MAX_TEXT_CHARACTERS:
            raise _too_much_text(path, f"stopped reading after {len(lines):,} paragraphs")
    return "\n\n".join(lines)


def _pdf(path: Path) -> str:
    """The text of a PDF page by page, as pdfminer's extract_text gives it, stopping once it is too long to be minutes."""
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as fp, io.StringIO() as out:
        manager = PDFResourceManager(caching=True)
        interpreter = PDFPageInterpreter(manager, TextConverter(manager, out, laparams=LAParams()))
        for number, page in enumerate(PDFPage.get_pages(fp, caching=True), 1):
            interpreter.process_page(page)
            if out.tell() > MAX_TEXT_CHARACTERS:
                raise _too_much_text(path, f"stopped reading at page {number:,}")
        return out.getvalue()


def read_minutes(path: str | Path) -> str:
    """The text of a .txt, .docx or .pdf file of minutes; a MinutesFileError says what is wrong and what to do."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise MinutesFileError(
            f"{p.name}: cannot read '{suffix or 'no extension'}' files. Give the minutes as .txt, .docx or .pdf "
            "(save other formats, such as .doc or .odt, as .docx first).")
    if not p.exists():
        raise MinutesFileError(f"{p}: no such file. Check the path and try again.")
    if not p.is_file():
        raise MinutesFileError(f"{p} is not a file. Give the path of a .txt, .docx or .pdf file.")
    try:
        if suffix == ".txt":
            return _text(p)
        if suffix == ".docx":
            return _docx(p)
        return _pdf(p)
    except MinutesFileError:
        raise
    except Exception as e:  # a damaged or mislabelled file: one clear line, not a library's traceback
        kind = "Word" if suffix == ".docx" else "PDF"
        raise MinutesFileError(
            f"{p.name} could not be read as a {kind} file ({type(e).__name__}). Check that it opens, or save the "
            "minutes as .txt and try again.") from e
