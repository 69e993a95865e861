"""Reading minutes from .txt, .docx and .pdf, the `tracker extract` command, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tracker.domain.errors import TrackerError
from tracker.minutes.reading import MinutesFileError, read_minutes
from web.cli import cli

SENTENCE = "The Director undertook to provide the vacancy figures."


def tiny_pdf(path: Path, lines: list[str]) -> None:
    """Write a one-page PDF with the lines in Helvetica (the byte offsets of the cross-reference table are computed)."""
    text = "BT /F1 11 Tf 50 750 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def test_a_text_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(f"Item 1\n\n{SENTENCE}\n", encoding="utf-8")
    assert read_minutes(path) == f"Item 1\n\n{SENTENCE}\n"


def test_a_text_file_saved_by_windows_in_cp1252_is_read(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes("The Director’s note – £3m.".encode("cp1252"))
    assert read_minutes(path) == "The Director’s note – £3m."


def test_a_word_file_gives_its_paragraphs_and_its_tables_as_tab_separated_rows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Item 4 Housing")
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Action", "Owner", "Due"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["Circulate the plan to members", "Head of Housing", "31 March 2023"]):
        cell.text = value
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    text = read_minutes(path)
    assert SENTENCE in text
    assert "Circulate the plan to members\tHead of Housing\t31 March 2023" in text


def test_a_pdf_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    tiny_pdf(path, ["Item 4 Housing", SENTENCE])
    text = read_minutes(path)
    assert "Item 4 Housing" in text and SENTENCE in text


@pytest.mark.parametrize("name", ["minutes.doc", "minutes.odt", "minutes"])
def test_other_file_types_are_refused_with_what_to_do(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SENTENCE)
    with pytest.raises(MinutesFileError, match=r"\.txt, \.docx or \.pdf") as raised:
        read_minutes(path)
    assert isinstance(raised.value, TrackerError)


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(MinutesFileError, match="no such file"):
        read_minutes(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_damaged_file_is_a_clear_error_not_a_library_traceback(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"minutes{suffix}"
    path.write_bytes(b"this is not really a document")
    with pytest.raises(MinutesFileError, match="could not be read"):
        read_minutes(path)


def test_extract_prints_each_suggestion_readably(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(f"Item 3\n\n{SENTENCE}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "1. Provide the vacancy figures" in result.output
    assert "owner Director" in result.output and "minute Item 3" in result.output


def test_extract_json_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(f"{SENTENCE[:-1]} within six months.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--json", "--meeting-date", "2023-01-10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [row] = data["suggestions"]
    assert set(row) == {"title", "owner", "raised_by", "kind", "due_date", "due_text", "due_next_meeting", "minute_ref",
                        "source_text", "source_start", "source_end", "confidence", "follow_up"}
    assert row["due_date"] == "2023-07-10"
    assert path.read_text()[row["source_start"]:row["source_end"]] == row["source_text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "nowhere.txt"], "no such file"),
        (["extract", "minutes.doc"], "cannot read '.doc' files"),
        (["extract", "minutes.txt", "--meeting-date", "14/03/2022"], "give it as YYYY-MM-DD"),
    ],
    ids=["missing file", "wrong type", "bad date"],
)
def test_bad_input_is_one_line_on_stderr_and_a_non_zero_exit(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "minutes.txt").write_text(SENTENCE)
    (tmp_path / "minutes.doc").write_text(SENTENCE)
    run = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", *args], cwd=tmp_path,
                         capture_output=True, text=True, env={"PYTHONPATH": str(Path(__file__).resolve().parents[2])}, check=False)
    assert run.returncode != 0
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_a_word_table_stays_where_it_is_in_the_document(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Item 4 Housing")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Action", "Owner"
    document.add_paragraph("Item 5 Parking")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    text = read_minutes(path)
    assert text.index("Item 4") < text.index("Action\tOwner") < text.index("Item 5")
