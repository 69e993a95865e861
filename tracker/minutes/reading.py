"""Reading minutes from a file: plain text, Word (.docx) or PDF, as one string."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.errors import TrackerError

SUPPORTED = (".txt", ".docx", ".pdf")


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


def _docx(path: Path) -> str:
    import docx  # python-docx; imported here so reading text files needs nothing more
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    # Paragraphs and tables in the order they appear, so an action table stays under its item.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:  # one line per row, cells separated by tabs
                lines.append("\t".join(cell.text.strip().replace("\n", " ") for cell in row.cells))
            lines.append("")
    return "\n\n".join(lines)


def _pdf(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


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
