"""Our BLEU/chrF++/TER must equal sacrebleu's own command line on the same files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa.align import align
from qa.config import Config
from qa.document import AlignedDocument, Document, Text
from qa.metrics.sacre import SacreMetrics, scoring_units

HYP = "The ministry said the ban was unfair.\nIt would help the company.\nTalks resume on Monday."
REF = "The ministry called the ban unfair.\nIt will support the company.\nTalks will resume on Monday."
REF2 = "The ministry described the ban as unfair.\nIt would back the firm.\nNegotiations resume Monday."


def sacrebleu_cli(hyp_file: Path, ref_files: list[Path]) -> dict[str, dict]:
    command = [
        sys.executable,
        "-m",
        "sacrebleu",
        *map(str, ref_files),
        "-i",
        str(hyp_file),
        "-m",
        "bleu",
        "chrf",
        "ter",
        "--chrf-word-order",
        "2",
        "-w",
        "4",
        "--format",
        "json",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {entry["name"]: entry for entry in json.loads(out)}


def our_scores(hyp: str, refs: list[str]) -> tuple[dict[str, float], dict[str, str]]:
    hyp_text = Text(hyp, "en")
    ref_texts = [Text(r, "en") for r in refs]
    aligned = AlignedDocument(Document("d", hyp_text, ref_texts), [align(hyp_text, r) for r in ref_texts])
    scores = SacreMetrics().score(aligned, Config())
    return scores.scores, scores.signatures


@pytest.mark.parametrize("refs", [[REF], [REF, REF2]])
def test_line_aligned_files_equal_the_command_line(tmp_path: Path, refs: list[str]) -> None:
    hyp_file = tmp_path / "hyp.txt"
    hyp_file.write_text(HYP + "\n")
    ref_files = []
    for index, ref in enumerate(refs):
        ref_files.append(tmp_path / f"ref{index}.txt")
        ref_files[-1].write_text(ref + "\n")
    expected = sacrebleu_cli(hyp_file, ref_files)
    scores, signatures = our_scores(HYP, refs)
    assert signatures["segmentation"] == "lines"
    for ours, theirs in (("bleu", "BLEU"), ("chrf", "chrF2++"), ("ter", "TER")):
        assert scores[ours] == pytest.approx(expected[theirs]["score"], abs=1e-4)
        assert signatures[ours] == expected[theirs]["signature"]


@pytest.mark.parametrize("refs", [[REF], [REF, REF2]])
def test_different_layouts_are_scored_on_aligned_sentences(tmp_path: Path, refs: list[str]) -> None:
    hyp = HYP.replace("\n", " ") + " Buy our earphones today."
    hyp_text = Text(hyp, "en")
    ref_texts = [Text(r, "en") for r in refs]
    aligned = AlignedDocument(Document("d", hyp_text, ref_texts), [align(hyp_text, r) for r in ref_texts])
    segmentation, hyp_segments, streams = scoring_units(aligned)
    assert segmentation == "aligned"
    assert hyp_segments[-1] == "Buy our earphones today." and streams[0][-1] == ""
    assert all(len(stream) == len(hyp_segments) for stream in streams)
    assert " ".join(s for s in streams[-1] if s) == refs[-1].replace("\n", " ")
    (tmp_path / "hyp.txt").write_text("\n".join(hyp_segments) + "\n")
    ref_files = []
    for index, stream in enumerate(streams):
        ref_files.append(tmp_path / f"ref{index}.txt")
        ref_files[-1].write_text("\n".join(stream) + "\n")
    expected = sacrebleu_cli(tmp_path / "hyp.txt", ref_files)
    scores = SacreMetrics().score(aligned, Config())
    for ours, theirs in (("bleu", "BLEU"), ("chrf", "chrF2++"), ("ter", "TER")):
        assert scores.scores[ours] == pytest.approx(expected[theirs]["score"], abs=1e-4)
        assert scores.signatures[ours] == expected[theirs]["signature"]


def test_no_reference_no_scores() -> None:
    scores, signatures = our_scores(HYP, [])
    assert scores == {} and signatures == {}
