"""Fuzz `qa batch` with hostile files, manifests and texts; count what must never happen.

Seeded random generation (no network, no data files): batches of many documents, as
directories (`<id>.hyp.txt` ...) or JSONL manifests, whose files and texts mix random bytes,
every BOM, NULs, legacy encodings, UTF-8 with invalid bytes, decomposed Unicode, huge lines,
runs of punctuation, C0/C1 controls, ESC sequences, bidi overrides, zero-width characters and
GitHub Actions workflow commands (`::error ...`, `##[error]`); file names and ids carry
newlines and commands too; manifests have bad JSON, wrong types, missing and unknown keys,
path traversal, absolute paths, duplicate keys and ids; directories have symbolic links out
of the folder (to a file holding a secret), broken links, links inside, directories and FIFOs
named like documents, stray files.

Modes (session 13): each document is one of `ref` (references, perhaps a source or pivot too),
`hyp-only` (`ref` absent, null, "" or [] in a manifest; no reference file in a directory),
`source` (a source and no reference: Russian, Chinese, mixed scripts, Latin only, or a script
that does not match `src_lang` / the file name's language), `pivot` (a pivot, no reference,
sometimes a source too), with the same hostile content in the source and pivot as in the
translation; "documents tried per mode" counts them. A share of the JSON CLI runs is repeated
with `--jobs 2` and `--scheduler local:2`, and the three reports must be byte-identical.

Every batch runs through qa's batch pipeline in process (`iter_batch`, `Checker.check_item`,
`finish`, every renderer), each document under a 10 s alarm; a share of batches also runs
through the command line in a subprocess (`python -m qa batch`, formats in rotation, some with
`--jobs 2`), and a smaller share with the models on. Counted:

- documents tried (generated documents, every one an input of some batch);
- tracebacks: "Traceback" on stderr or an exit code outside {0, 1, 2}; in process, an
  exception escaping the pipeline or a renderer; "internal errors" are documents a bug turned
  into an error entry (the pipeline's catch-all), counted apart;
- hangs: a document that takes over 10 s (read + check) in process, or a subprocess over its
  time limit;
- documents lost: an input document without an entry in the report (in process, and in the
  subprocess JSON reports);
- workflow-command lines: output lines (stdout, stderr, every renderer's output) that a GitHub
  runner reads as a command, i.e. that start with `::` or `##[` after leading whitespace,
  unless `--format github` wrote them (its own lines start, unindented, with `::error `,
  `::warning `, `::notice `, `::group::` or `::endgroup::`); `##[` elsewhere in a line is
  counted apart (the runner's v1 command syntax);
- terminal controls in the text format (ESC, other C0/C1 controls, bidi overrides);
- leaks: the secret behind a symbolic link appearing in any output.

    nice -n 10 python bench/fuzz.py --documents 100000 --time-budget 3000
    python bench/fuzz.py --documents 2000 --cli-share 1 --model-every 0   # quick look
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "FUZZ-SECRET-7f3a9c1e"
HANG_SECONDS = 10
FORMATS = ("text", "json", "jsonl", "sarif", "github", "markdown", "junit", "html")
GITHUB_OWN = ("::error ", "::warning ", "::notice ", "::group::", "::endgroup::")
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EN = [
    "Minister Nikolai Nikiforov said on Monday that 5 million people will get access.",
    "Talks between the two delegations resume in Geneva on 12 March.",
    '"This is regrettable," Kremlin spokesman Dmitry Peskov told reporters.',
    "The company's revenue rose 12.5% to $3.2 billion in 2023.",
    "Reporter Roman Rozhkov contributed to this story from Nizhny Novgorod.",
    "Zoë Müller met José in Orléans, where the café stays open until 11 p.m.",
    "Xi Jinping met Vladimir Putin in Beijing's Great Hall of the People.",
    "Buy our new bone-conduction earphones today for only 99 yuan!",
]
RU = [
    "Министр цифрового развития Николай Никифоров заявил в понедельник, что доступ получат 5 млн человек.",
    "Переговоры делегаций возобновятся в Женеве 12 марта.",
    "«Это прискорбно», — сказал журналистам пресс-секретарь Кремля Дмитрий Песков.",
    "Выручка компании выросла на 12,5% до 3,2 млрд долларов в 2023 году.",
]
EN += [
    "Minister Nikolai Nikiforoff said the talks in Vienna had not failed.",  # N105 across a batch
    "The court did not reject the appeal, and prices fell rather than rose.",  # a reversal
    "Putin, Xi, Modi, Lula, Ramaphosa, Erdogan, Macron, Scholz, Meloni and Sunak met in Kazan.",
]
RU += [
    "Суд не отклонил апелляцию, а цены упали, а не выросли.",
    "Переговоры в Вене не провалились, заявил министр Николай Никифоров.",
    "Путин, Си, Моди, Лула, Рамафоса, Эрдоган, Макрон, Шольц, Мелони и Сунак встретились в Казани.",
]
ZH_EXTRA = [
    "法院没有驳回上诉，价格下跌而不是上涨。",
    "普京、习近平、莫迪、卢拉、拉马福萨、埃尔多安、马克龙、朔尔茨、梅洛尼和苏纳克在喀山会面。",
]
ZH = [
    "数字发展部长尼古拉·尼基福罗夫周一表示，将有500万人获得接入。",
    "两国代表团的会谈将于3月12日在日内瓦恢复。",
    "国家主席习近平在人民大会堂会见了俄罗斯总统普京。",
    "该公司2023年收入增长12.5%，达到32亿美元。",
    *ZH_EXTRA,
]
MODES = ("ref", "hyp-only", "source", "pivot")
# How a source's text is made: its language's script, both scripts, Latin only, or the other
# script than the one its `src_lang` (or file name) states.
SOURCE_KINDS = ("ru", "zh", "ru", "zh", "mixed", "latin", "mismatch")
INJECTIONS = [
    "::error file=a.txt,line=1::INJECTED",
    "::set-output name=x::INJECTED",
    "::add-mask::INJECTED",
    "##[error]INJECTED",
    "##[add-mask]INJECTED",
    "::warning::INJECTED",
    "  ::notice title=t::INJECTED",
    "::group::INJECTED",
]
HOSTILE_BITS = [
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b[31mred\x1b[0m",
    "\x9b31m",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\u0085",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\t",
    "e\u0301",
    "\U0001f600",
    "\ud7ff",
]
ID_BITS = [
    "a",
    "b",
    "Z",
    "7",
    "-",
    "_",
    " ",
    "é",
    "名",
    "Д",
    "::error::x",
    "##[error]",
    "\n",
    "\t",
    "\x1b[2J",
    "\u202e",
]


# --- generation -----------------------------------------------------------------------------


def _sentences(rng: random.Random, lang: str, count: int) -> list[str]:
    pool = {"en": EN, "ru": RU, "zh": ZH, "mixed": RU + ZH + EN[:2], "latin": EN}[lang]
    return [rng.choice(pool) for _ in range(count)]


def source_kind(rng: random.Random) -> tuple[str, str, str | None]:
    """(the language a source is said to be in, the pool its text comes from, src_lang to state
    or None): mismatches state one script's language over the other's text."""
    kind = rng.choice(SOURCE_KINDS)
    if kind == "mismatch":
        said = rng.choice(["ru", "zh"])
        return said, "zh" if said == "ru" else "ru", said
    if kind in ("mixed", "latin"):
        said = rng.choice(["ru", "zh"])
        return said, kind, said if rng.random() < 0.5 else None
    return kind, kind, kind if rng.random() < 0.7 else None


def text_content(rng: random.Random, lang: str) -> str:
    """A text that may carry injections, controls, huge lines and other hostile content."""
    lines = _sentences(rng, lang, rng.randint(1, 3))
    roll = rng.random()
    if roll < 0.25:
        lines.insert(rng.randint(0, len(lines)), " " * rng.randint(0, 6) + rng.choice(INJECTIONS))
    if rng.random() < 0.25:
        at = rng.randrange(len(lines))
        line = lines[at]
        cut = rng.randint(0, len(line))
        lines[at] = line[:cut] + rng.choice(HOSTILE_BITS) + line[cut:]
    if rng.random() < 0.01:  # a huge line: letters, punctuation runs, numbers
        size = rng.choice([2_000, 10_000, 30_000])
        lines.append(rng.choice(["a", ".", "a. ", "1,", "…", "!?", "Nikiforov ", "名"]) * (size // 3))
    if rng.random() < 0.05:
        lines = [unicodedata.normalize("NFD", line) for line in lines]
    if rng.random() < 0.02:
        return rng.choice(["", " ", "\n\n", "\t \n"])
    ending = rng.choice(["\n", "\n", "\n", "\r\n", "\r"])
    return ending.join(lines) + (ending if rng.random() < 0.8 else "")


def text_bytes(rng: random.Random, lang: str) -> bytes:
    """A file's bytes: the text in some encoding, sometimes damaged or replaced by junk."""
    roll = rng.random()
    if roll < 0.03:
        return rng.randbytes(rng.randint(1, 3000))
    text = text_content(rng, lang)
    encodings = ["utf-8"] * 8 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
    encodings += {
        "ru": ["cp1251", "koi8-r", "mac-cyrillic"],
        "zh": ["gb18030"],
        "en": ["cp1252", "latin-1"],
        "latin": ["cp1252", "latin-1"],
        "mixed": ["gb18030"],
    }[lang]
    data = text.encode(rng.choice(encodings), errors="replace")
    if rng.random() < 0.08 and data:  # a few invalid bytes
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(data))
            data = data[:at] + rng.choice([b"\xff", b"\x80", b"\xc3", b"\xe4\xb8", b"\x00"]) + data[at:]
    if rng.random() < 0.02:
        data = data[: rng.randint(0, len(data))]  # truncated
    return data


def random_id(rng: random.Random, used: set[str], weird: float) -> str:
    while True:
        if rng.random() < weird:
            doc_id = "".join(rng.choice(ID_BITS) for _ in range(rng.randint(1, 5)))
        else:
            doc_id = f"doc{rng.randrange(10**9)}"
        doc_id = doc_id.replace(".", "_").replace("/", "_")
        if doc_id and not doc_id.startswith(".") and doc_id not in used and len(doc_id.encode()) < 200:
            used.add(doc_id)
            return doc_id


@dataclass
class Batch:
    path: Path
    expected: int  # entries the report must have
    modes: Counter[str] = field(default_factory=Counter)  # documents generated in each mode


def make_directory(rng: random.Random, folder: Path, documents: int, secret: Path) -> Batch:
    folder.mkdir()
    used: set[str] = set()
    expected = 0
    modes: Counter[str] = Counter()
    for _ in range(documents):
        doc_id = random_id(rng, used, weird=0.05)
        expected += 1
        mode = rng.choices(MODES, weights=(4, 2, 3, 2))[0]
        modes[mode] += 1
        roll = rng.random()
        hyp = folder / f"{doc_id}.hyp.txt"
        if roll < 0.01:
            hyp.symlink_to(secret)  # a link out of the folder
        elif roll < 0.015:
            hyp.symlink_to(folder / "nowhere.txt")  # broken
        elif roll < 0.02:
            hyp.mkdir()
        elif roll < 0.022:
            os.mkfifo(hyp)
        elif roll < 0.04:
            pass  # no translation: the other files still make an entry
        else:
            hyp.write_bytes(text_bytes(rng, "en"))
        refs = rng.choice([["ref"], ["ref"], ["ref"], ["ref1", "ref2"]]) if mode == "ref" else []
        if roll < 0.04 and mode == "hyp-only":
            refs = ["ref"]  # keep the id present even without a translation
        for ref in refs:
            path = folder / f"{doc_id}.{ref}.txt"
            if rng.random() < 0.01:
                path.symlink_to(secret)
            else:
                path.write_bytes(text_bytes(rng, "en"))
        with_src = (
            mode == "source"
            or (mode == "ref" and rng.random() < 0.3)
            or (mode == "pivot" and rng.random() < 0.3)
        )
        if with_src:
            said, pool, _ = source_kind(rng)
            if rng.random() < 0.05:
                said = "xx"  # a language qa does not read
            source = folder / f"{doc_id}.src.{said}.txt"
            if rng.random() < 0.01:
                source.symlink_to(secret)
            else:
                source.write_bytes(text_bytes(rng, pool))
        if mode == "pivot" or (mode == "ref" and rng.random() < 0.1):
            said = rng.choice(["zh", "zh", "zh", "ru"])
            pool = said if rng.random() < 0.9 else ("ru" if said == "zh" else "zh")
            pivot = folder / f"{doc_id}.pivot.{said}.txt"
            if rng.random() < 0.01:
                pivot.symlink_to(secret)
            else:
                pivot.write_bytes(text_bytes(rng, pool))
        if rng.random() < 0.005:  # two sources for one document
            (folder / f"{doc_id}.src.zh.txt").write_bytes(text_bytes(rng, "zh"))
            (folder / f"{doc_id}.src.ru.txt").write_bytes(text_bytes(rng, "ru"))
        if rng.random() < 0.02 and refs:  # a link that stays inside the folder
            target = folder / f"{doc_id}.{refs[0]}.txt"
            other = random_id(rng, used, weird=0.0)
            expected += 1
            modes["ref"] += 1
            (folder / f"{other}.hyp.txt").write_bytes(text_bytes(rng, "en"))
            if target.exists() or target.is_symlink():
                (folder / f"{other}.ref.txt").symlink_to(target.name)
    for _ in range(rng.randint(0, 3)):  # strays: each is an entry
        name = random_id(rng, used, weird=0.5) + rng.choice([".md", "", ".hyp", ".txt.bak"])
        if name.endswith(".txt"):
            name += "_"
        (folder / name).write_bytes(b"stray")
        expected += 1
        modes["stray"] += 1
    if rng.random() < 0.3:
        (folder / ".hidden.hyp.txt").write_bytes(b"hidden files are not part of the batch")
    return Batch(folder, expected, modes)


def _bad_line(rng: random.Random, number: int) -> str:
    choices = [
        lambda: "{not json",
        lambda: "[1, 2, 3]",
        lambda: '"a string"',
        lambda: json.dumps({"id": f"x{number}", "hyp": 5, "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "ref": "Hello."}),
        lambda: json.dumps(
            {"id": f"x{number}", "hyp": "Hello.", "ref": "Hello.", f"k\n{rng.choice(INJECTIONS)}": 1}
        ),
        lambda: '{"id": "d", "id": "e", "hyp": "a", "ref": "b"}',
        lambda: json.dumps({"id": f"x{number}", "hyp_path": "../secret.txt", "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "hyp_path": "/etc/passwd", "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "hyp_path": "link_out.txt", "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "hyp_path": "a\x00b", "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "hyp_path": f"x\n{rng.choice(INJECTIONS)}", "ref": "Hello."}),
        lambda: json.dumps({"id": f"x{number}", "hyp": "Hello.", "ref": []}),
        lambda: json.dumps({"id": 7, "hyp": "Hello.", "ref": "Hello."}),
        lambda: json.dumps({"id": "a\nb", "hyp": "Hello.", "ref": "Hello."}),
        lambda: json.dumps(
            {"id": f"x{number}", "hyp": "Hello.", "ref": "Hello.", "src": "Привет.", "src_lang": "xx"}
        ),
        lambda: "[" * 5000 + "]" * 5000,
        lambda: "1" * 5000,
        lambda: json.dumps({"id": f"x{number}", "hyp": "\ud800", "ref": "Hello."}, ensure_ascii=True),
        lambda: json.dumps({"id": f"x{number}", "hyp": "   ", "ref": "Hello."}),
    ]
    return rng.choice(choices)()


def make_manifest(rng: random.Random, folder: Path, documents: int, secret: Path) -> Batch:
    folder.mkdir()
    (folder / "link_out.txt").symlink_to(secret)
    (folder.parent / "secret.txt").write_text(SECRET + "\n")
    used: set[str] = set()
    lines: list[bytes] = []
    expected = 0
    modes: Counter[str] = Counter()
    for number in range(documents):
        roll = rng.random()
        expected += 1
        if roll < 0.12:
            lines.append(_bad_line(rng, number).encode("utf-8", "surrogatepass"))
            modes["bad line"] += 1
            continue
        if roll < 0.13:
            lines.append(b'{"id": "\xff\xfe", "hyp": "a", "ref": "b"}')  # invalid UTF-8
            modes["bad line"] += 1
            continue
        mode = rng.choices(MODES, weights=(4, 2, 3, 2))[0]
        modes[mode] += 1
        doc_id = (
            random_id(rng, used, weird=0.05) if rng.random() < 0.97 else rng.choice(sorted(used) or ["dup"])
        )
        record: dict[str, Any] = {"id": doc_id}
        _put_text(rng, folder, record, number, "hyp", "en")
        if mode == "ref":
            _put_text(rng, folder, record, number, "ref", "en")
        elif mode == "hyp-only" or rng.random() < 0.3:
            absent = rng.choice(["absent", "null", "empty", "blank", "list", "path-null", "path-empty"])
            value: Any = {"null": None, "empty": "", "blank": "  \n", "list": []}.get(absent)
            if absent.startswith("path"):
                record["ref_path"] = None if absent == "path-null" else ""
            elif absent != "absent":
                record["ref"] = value
        if mode == "source" or (mode != "hyp-only" and rng.random() < 0.3):
            _, pool, stated = source_kind(rng)
            _put_text(rng, folder, record, number, "src", pool)
            if stated is not None:
                record["src_lang"] = stated
        if mode == "pivot" or (mode == "ref" and rng.random() < 0.1):
            said = rng.choice(["zh", "zh", "ru", None])
            pool = said or "zh"
            if rng.random() < 0.1:
                pool = "ru" if pool == "zh" else "zh"  # a pivot in the other script
            _put_text(rng, folder, record, number, "pivot", pool)
            if said is not None:
                record["pivot_lang"] = said
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"))
        if rng.random() < 0.02:
            lines.append(rng.choice([b"", b"   ", b"\t"]))  # blank lines are skipped
    data = b"\n".join(lines) + b"\n"
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    manifest = folder / "batch.jsonl"
    manifest.write_bytes(data)
    return Batch(manifest, expected, modes)


def _put_text(
    rng: random.Random, folder: Path, record: dict[str, Any], number: int, key: str, lang: str
) -> None:
    """The text under `key` (inline, hostile as `text_content` makes it) or `key_path` (a file)."""
    if rng.random() < 0.3:
        name = f"f{number}_{key}.txt"
        (folder / name).write_bytes(text_bytes(rng, lang))
        record[f"{key}_path"] = name
    else:
        record[key] = text_content(rng, lang)


# --- checking -------------------------------------------------------------------------------


class _Hang(BaseException):
    """Raised by the alarm; a BaseException so that the pipeline's catch-all cannot keep it."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang


@dataclass
class Tally:
    documents: int = 0
    batches: int = 0
    cli_runs: int = 0
    model_runs: int = 0
    tracebacks: int = 0
    internal_errors: int = 0
    hangs: int = 0
    lost: int = 0
    extra: int = 0  # more entries than documents: one document split into several
    command_lines: int = 0
    v1_markers: int = 0
    terminal_controls: int = 0
    leaks: int = 0
    nondeterministic: int = 0  # JSON reports that differ between --jobs 1, --jobs 2 and --scheduler
    determinism_runs: int = 0
    slowest: float = 0.0
    modes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, example: str) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < 5:
            bucket.append(example[:300])
            print(f"!!! {kind}: {example[:300]!r}", file=sys.__stderr__, flush=True)


def command_lines(text: str, github: bool) -> tuple[list[str], list[str]]:
    """(lines a runner reads as commands, lines holding `##[` elsewhere), minus github's own."""
    commands, markers = [], []
    for line in text.splitlines():
        if github and line.startswith(GITHUB_OWN):
            continue
        stripped = line.lstrip()
        if stripped.startswith(("::", "##[")):
            commands.append(line)
        elif "##[" in line:
            markers.append(line)
    return commands, markers


def inspect_output(tally: Tally, text: str, where: str, github: bool = False, terminal: bool = False) -> None:
    commands, markers = command_lines(text, github)
    tally.command_lines += len(commands)
    tally.v1_markers += len(markers)
    for line in commands:
        tally.note("command line", f"{where}: {line!r}")
    for line in markers:
        tally.note("##[ inside a line", f"{where}: {line!r}")
    if SECRET in text:
        tally.leaks += 1
        tally.note("leak", where)
    if terminal:
        controls = _TERMINAL_CONTROL.findall(text)
        tally.terminal_controls += len(controls)
        if controls:
            tally.note("terminal control", f"{where}: {controls[:5]!r}")


def _describe(item: Any) -> str:
    """What a hung document was: its id and the shape of its longest line."""
    if item is None or item.document is None:
        return "while reading the next document"
    texts = [item.document.hyp, *item.document.refs]
    texts += [text for text in (item.document.src, item.document.pivot) if text is not None]
    longest = max((line for text in texts for line in text.content.split("\n")), key=len, default="")
    return f"{item.id!r}: longest line {len(longest)} characters, starting {longest[:12]!r}"


def run_in_process(tally: Tally, batch: Batch, config: Any, checker: Any) -> None:
    from qa.errors import QaError
    from qa.io.inputs import iter_batch
    from qa.pipeline import finish
    from qa.report import RENDERERS, get_renderer

    results = []
    try:
        items = iter_batch(str(batch.path))
    except QaError as exc:  # the whole input refused: every document lost
        tally.lost += batch.expected
        tally.note("lost", f"whole batch refused: {exc}")
        return
    iterator = iter(items)
    hung = 0
    while True:
        started = time.perf_counter()
        signal.alarm(HANG_SECONDS)
        item = None
        try:
            item = next(iterator, None)
            if item is None:
                break
            result = checker.check_item(item)
        except _Hang:
            tally.hangs += 1
            hung += 1
            tally.note("hang", f"{batch.path} after {len(results)} documents: {_describe(item)}")
            continue
        except Exception as exc:  # an exception escaping the batch pipeline: a traceback
            tally.tracebacks += 1
            tally.note("traceback", f"{type(exc).__name__}: {exc}")
            break
        finally:
            signal.alarm(0)
        elapsed = time.perf_counter() - started
        tally.slowest = max(tally.slowest, elapsed)
        if elapsed > HANG_SECONDS:  # C code (a regular expression) is not interrupted by the alarm
            tally.hangs += 1
            tally.note("hang", f"{result.id!r}: {elapsed:.1f} s")
        if result.status != "checked" and "internal error" in (result.error or ""):
            tally.internal_errors += 1
            tally.note("internal error", f"{result.id!r}: {result.error}")
        tally.statuses[result.status] += 1
        results.append(result)
    if len(results) + hung < batch.expected:  # a hung document is counted once, as a hang
        tally.lost += batch.expected - len(results) - hung
        tally.note("lost", f"{batch.path}: {len(results)} entries for {batch.expected} documents")
    elif len(results) + hung > batch.expected:
        tally.extra += len(results) + hung - batch.expected
        tally.note("extra entries", f"{batch.path}: {len(results)} entries for {batch.expected} documents")
    try:
        report = finish(results, config, checker)
        for name in RENDERERS:
            renderer = get_renderer(name)
            text = renderer.render(report, config)
            inspect_output(
                tally, text, f"in-process {name}", github=name == "github", terminal=name == "text"
            )
    except Exception as exc:
        tally.tracebacks += 1
        tally.note("traceback", f"finish/render: {type(exc).__name__}: {exc}")


def run_cli(
    tally: Tally, batch: Batch, fmt: str, jobs: int, models: bool, workdir: Path, extra: tuple[str, ...] = ()
) -> bytes | None:
    """One `qa batch` subprocess, its outputs inspected; its stdout when it ran to the end."""
    args = [
        sys.executable,
        "-m",
        "qa",
        "batch",
        str(batch.path),
        "--format",
        fmt,
        "--jobs",
        str(jobs),
        *extra,
    ]
    if not models:
        args.append("--no-model")
    limit = 60 + (4.0 if models else 0.5) * batch.expected + (60 if extra else 0)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("QA_DEBUG", None)
    shown = " ".join([fmt, f"--jobs {jobs}", *extra])
    try:
        done = subprocess.run(args, capture_output=True, timeout=limit, cwd=workdir, env=env, check=False)
    except subprocess.TimeoutExpired:
        tally.hangs += 1
        tally.note("hang", f"cli {shown} over {limit:.0f} s on {batch.path}")
        return None
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    if "Traceback" in err or done.returncode not in (0, 1, 2):
        tally.tracebacks += 1
        tally.note("traceback", f"cli {shown} exit {done.returncode}: {err[-600:]}")
    inspect_output(tally, out, f"cli {shown} stdout", github=fmt == "github", terminal=fmt == "text")
    inspect_output(tally, err, f"cli {shown} stderr")
    if fmt == "json":
        try:
            entries = len(json.loads(out)["documents"])
        except (ValueError, KeyError):
            tally.lost += batch.expected
            tally.note("lost", f"cli json {shown} unreadable on {batch.path}: {err[-300:]}")
            return None
        if entries != batch.expected:
            tally.lost += max(batch.expected - entries, 0)
            tally.note("lost", f"cli json {shown}: {entries} entries for {batch.expected} documents")
    return done.stdout


def check_determinism(tally: Tally, batch: Batch, workdir: Path, first: bytes) -> None:
    """The same batch with --jobs 2 and on a local Dask cluster: the JSON must not change."""
    for jobs, extra in ((2, ()), (1, ("--scheduler", "local:2"))):
        again = run_cli(tally, batch, "json", jobs, False, workdir, extra)
        if again is None:
            continue
        tally.determinism_runs += 1
        if again != first:
            tally.nondeterministic += 1
            tally.note(
                "nondeterministic", f"{batch.path}: --jobs {jobs} {' '.join(extra)} differs from --jobs 1"
            )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--documents", type=int, default=100_000, help="stop after this many documents")
    parser.add_argument("--time-budget", type=float, default=3600, help="seconds; stop when spent")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--cli-share", type=float, default=0.1, help="share of batches also run via the CLI")
    parser.add_argument(
        "--model-every", type=int, default=40, help="every Nth batch also with models (0: never)"
    )
    parser.add_argument("--model-batch-size", type=int, default=40)
    parser.add_argument(
        "--determinism-every",
        type=int,
        default=3,
        help="every Nth JSON CLI run is repeated with --jobs 2 and --scheduler local:2 (0: never)",
    )
    args = parser.parse_args()

    from qa.config import parse_config
    from qa.pipeline import Checker

    rng = random.Random(args.seed)
    config = parse_config({"no-model": True}, "fuzz")
    checker = Checker(config)
    signal.signal(signal.SIGALRM, _alarm)
    tally = Tally()
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="qa-fuzz-"))
    workdir = root / "cwd"
    workdir.mkdir()
    secret = root / "credentials"
    secret.write_text(f"aws_secret_access_key = {SECRET}\n")
    try:
        while tally.documents < args.documents and time.monotonic() - started < args.time_budget:
            number = tally.batches
            tally.batches += 1
            size = min(args.batch_size, args.documents - tally.documents)
            folder = root / f"b{number}"
            folder.mkdir()
            make = make_manifest if rng.random() < 0.5 else make_directory
            batch = make(rng, folder / "in", size, secret)
            tally.documents += size
            tally.modes.update(batch.modes)
            with contextlib.redirect_stderr(io.StringIO()):
                run_in_process(tally, batch, config, checker)
            if rng.random() < args.cli_share:
                tally.cli_runs += 1
                fmt = FORMATS[tally.cli_runs % len(FORMATS)]
                jobs = 2 if tally.cli_runs % 10 == 0 else 1
                first = run_cli(tally, batch, fmt, jobs, False, workdir)
                json_runs = tally.cli_runs // len(FORMATS)
                if (
                    first is not None
                    and fmt == "json"
                    and jobs == 1
                    and args.determinism_every
                    and json_runs % args.determinism_every == 0
                ):
                    check_determinism(tally, batch, workdir, first)
            if args.model_every and number % args.model_every == args.model_every - 1:
                small = folder / "small"
                small.mkdir()
                model_batch = (make_manifest if number % 2 else make_directory)(
                    rng, small / "in", args.model_batch_size, secret
                )
                tally.documents += args.model_batch_size
                tally.modes.update(model_batch.modes)
                tally.model_runs += 1
                run_cli(tally, model_batch, "json", 1, True, workdir)
            shutil.rmtree(folder, ignore_errors=True)
            print(
                f"... {tally.documents} documents, {time.monotonic() - started:.0f} s: tracebacks "
                f"{tally.tracebacks}, hangs {tally.hangs}, lost {tally.lost}, "
                f"commands {tally.command_lines}, "
                f"##[ {tally.v1_markers}, controls {tally.terminal_controls}, leaks {tally.leaks}, "
                f"internal {tally.internal_errors}, nondeterministic {tally.nondeterministic}",
                file=sys.stderr,
                flush=True,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"seed {args.seed}, {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}")
    runs = f"CLI runs {tally.cli_runs}, with models {tally.model_runs}"
    print(f"elapsed {elapsed:.0f} s; batches {tally.batches} ({runs})")
    print(f"documents tried: {tally.documents}  (entries in process: {dict(tally.statuses)})")
    print(f"documents generated per mode: {dict(sorted(tally.modes.items()))}")
    for label, value in (
        ("tracebacks", tally.tracebacks),
        ("hangs over 10 s", tally.hangs),
        ("documents lost", tally.lost),
        ("extra entries (a document split into several)", tally.extra),
        ("workflow-command lines not written by --format github", tally.command_lines),
        ("lines with '##[' elsewhere", tally.v1_markers),
        ("terminal controls in text output", tally.terminal_controls),
        ("secret leaked", tally.leaks),
        ("internal errors (documents a bug turned into an error entry)", tally.internal_errors),
        (
            f"JSON reports differing across --jobs/--scheduler (of {tally.determinism_runs})",
            tally.nondeterministic,
        ),
    ):
        print(f"{label}: {value}")
    print(f"slowest document in process: {tally.slowest:.2f} s")
    for kind, examples in tally.examples.items():
        print(f"examples of {kind}:")
        for example in examples:
            print(f"  {example!r}")
    bad = (
        tally.tracebacks
        + tally.hangs
        + tally.lost
        + tally.command_lines
        + tally.leaks
        + tally.terminal_controls
        + tally.nondeterministic
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
