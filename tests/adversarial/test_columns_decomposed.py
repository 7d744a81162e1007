"""Issue 14, item 16: SARIF and GitHub columns for text in decomposed Unicode.

The reader NFC-normalises (so "e" + U+0301 is one character "é" for every check), but a CI
annotation points into the file the user has, where it is two code points. Columns in the
SARIF (which declares `columnKind: unicodeCodePoints`), GitHub and text reports must count
the file's own code points; the JSON `span` keeps offsets into the normalised text, as
documented.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.document import Text
from qa.report.common import span_region

runner = CliRunner()
# "Zoë Müller met José in Orléans" in NFD: five accented letters, each two code points.
PREFIX = unicodedata.normalize("NFD", "Zoë Müller met José in Orléans; the deal is worth ")
HYP = PREFIX + "5 million dollars.\n"
REF = "Zoë Müller met José in Orléans; the deal is worth 7 million dollars.\n"


def test_span_region_maps_back_to_file_code_points() -> None:
    original = "Caf" + "e\u0301" + " au lait, " + "n\u0303" + "x"
    content = unicodedata.normalize("NFC", original)
    text = Text(content=content, lang="en", original=original)
    x = content.index("x")
    region = span_region(text, x, x + 1)
    assert original[region.start_column - 1] == "x"
    assert (region.start_column, region.end_column) == (original.index("x") + 1, original.index("x") + 2)
    cafe = span_region(text, 0, 4)  # "Café" is 5 code points in the file
    assert (cafe.start_column, cafe.end_column) == (1, 6)


def _file_column_of(line: str, column: int) -> str:
    return line[column - 1 :]


def test_sarif_and_github_columns_point_at_the_number(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text(HYP, encoding="utf-8")
    ref.write_text(REF, encoding="utf-8")
    result = runner.invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "sarif"])
    sarif = json.loads(result.stdout)
    regions = [
        r["locations"][0]["physicalLocation"]["region"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"].startswith("D1")
    ]
    assert regions, result.stdout
    assert _file_column_of(HYP, regions[0]["startColumn"]).startswith("5")

    result = runner.invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "github"])
    line = next(x for x in result.stdout.splitlines() if "title=D1" in x)
    column = int(line.split(",col=")[1].split(",")[0])
    assert _file_column_of(HYP, column).startswith("5")

    result = runner.invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model"])
    assert f"a.hyp.txt:1:{column}" in result.stdout

    result = runner.invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "json"])
    span = next(
        f["span"] for f in json.loads(result.stdout)["documents"][0]["findings"] if f["rule"].startswith("D1")
    )
    assert unicodedata.normalize("NFC", HYP)[span["start"]] == "5"  # JSON: normalised offsets
