"""The command line: parse arguments, call `qa.pipeline`, render, choose the exit code.

Exit codes: 0 every document passed the gate; 1 the gate failed; 2 a usage or input
error (one line on stderr, no traceback). Heavy modules are imported inside the commands so
that `qa --help` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, get_type_hints

import typer

from qa import __version__
from qa.config import COMMAND_LINE, Config, config_file, load_config, parse_config
from qa.document import Severity
from qa.errors import QaError, printable
from qa.outputs import OutputTarget, batch_inputs, plan_output, refuse_inputs, write_output

if TYPE_CHECKING:
    from qa.document import Document, Report
    from qa.pipeline import Checker

app = typer.Typer(
    name="qa",
    help="Check English translations of news: names, numbers, dropped or added content, fidelity.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_PASS, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _die(message: str) -> NoReturn:
    typer.echo(f"qa: error: {printable(message)}", err=True)  # input text never forms a CI command
    raise typer.Exit(EXIT_INPUT)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """qa: a translation-quality checker for news."""


def _choice(option: str, choices: tuple[str, ...]) -> Any:
    """A parser for an option whose values are `choices` (listed in `--help` as its metavar):
    anything else is the usual one-line usage error, exit 2."""

    def parse(value: str) -> str:
        if value not in choices:
            _die(f"{option} {value!r}: expected one of {', '.join(choices)}")
        return value

    return parse


def _formats() -> tuple[str, ...]:
    from qa.report import RENDERERS  # names only: no renderer is imported

    return tuple(RENDERERS)


FAIL_ON = ("error", "warning", "never")
FIX_LEVELS = ("error", "warning", "info")
FORMATS = _formats()

# Options shared by `check` and `batch`: declared once, as the fields of `SharedOptions`.
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        parser=_choice("--format", FORMATS),
        metavar=f"<{'|'.join(FORMATS)}>",
        help="Report format.",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to FILE: atomically for a file, in place for a device or pipe "
        "(/dev/stdout); checked before any work, never one of the inputs. The summary line goes to stderr.",
    ),
]
FailOnOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        parser=_choice("--fail-on", FAIL_ON),
        metavar=f"<{'|'.join(FAIL_ON)}>",
        help="Lowest severity that fails the gate (default: error, or the config file's).",
    ),
]
MinOpt = Annotated[list[str] | None, typer.Option("--min", help="Gate threshold SCORE=N, e.g. chrf=55.")]
MaxOpt = Annotated[list[str] | None, typer.Option("--max", help="Upper threshold SCORE=N, e.g. ter=60.")]
MinFidelityOpt = Annotated[float | None, typer.Option("--min-fidelity", help="Same as --min fidelity=N.")]
SelectOpt = Annotated[
    str | None, typer.Option("--select", help="Only these rule codes or prefixes (N1,D101).")
]
IgnoreOpt = Annotated[str | None, typer.Option("--ignore", help="Skip these rule codes or prefixes.")]
GlossaryOpt = Annotated[str | None, typer.Option("--glossary", help="House-style names file (TSV or TOML).")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="qa.toml or pyproject.toml to read.")]
NoModelOpt = Annotated[bool, typer.Option("--no-model", help="Skip the neural stages (fast, lexical only).")]
BaselineOpt = Annotated[str | None, typer.Option("--baseline", help="Accepted findings that no longer fail.")]
WriteBaselineOpt = Annotated[
    str | None, typer.Option("--write-baseline", help="Write all findings as a baseline.")
]
MetricsOpt = Annotated[
    str | None, typer.Option("--metrics", help="sacrebleu scores to compute: bleu,chrf,ter (default all).")
]
SrcLangOpt = Annotated[str | None, typer.Option("--src-lang", help="Source language: ru or zh.")]
PivotLangOpt = Annotated[str | None, typer.Option("--pivot-lang", help="Pivot language (zh).")]


@dataclass(frozen=True)
class SharedOptions:
    """The options `check` and `batch` both take. Each field's annotation is its option;
    `_with_shared_options` adds them all to a command's signature."""

    glossary: GlossaryOpt = None
    fmt: FormatOpt = "text"
    output: OutputOpt = None
    fail_on: FailOnOpt = None
    minimum: MinOpt = None
    maximum: MaxOpt = None
    min_fidelity: MinFidelityOpt = None
    select: SelectOpt = None
    ignore: IgnoreOpt = None
    config_file: ConfigOpt = None
    no_model: NoModelOpt = False
    metrics: MetricsOpt = None
    baseline: BaselineOpt = None
    write_baseline: WriteBaselineOpt = None


def _with_shared_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command(..., options: SharedOptions)` as a Typer command that takes the shared options
    as ordinary ones (after its own) and hands them over as one `SharedOptions`."""
    hints = get_type_hints(SharedOptions, include_extras=True)
    names = [f.name for f in fields(SharedOptions)]
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "options"]
    shared = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields(SharedOptions)
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        options = SharedOptions(**{name: kwargs.pop(name) for name in names})
        command(**kwargs, options=options)

    wrapper.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    return wrapper


def _pairs(values: list[str] | None, option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for value in values or []:
        name, sep, number = value.partition("=")
        try:
            out[name.strip().lower()] = float(number)
        except ValueError:
            sep = ""
        if sep and math.isnan(out[name.strip().lower()]):
            sep = ""
        if not sep:
            _die(f"{option} {value!r}: expected SCORE=NUMBER, e.g. {option} chrf=55")
    return out


def _config(
    options: SharedOptions,
    *,
    src_lang: str | None = None,
    pivot_lang: str | None = None,
    jobs: int | None = None,
    timeout: float | None = None,
    scheduler: str | None = None,
) -> Config:
    """Config file values, then the command line's, validated the same way."""
    base = load_config(options.config_file)
    table: dict[str, Any] = {}
    minimums = _pairs(options.minimum, "--min")
    min_fidelity = options.min_fidelity
    if min_fidelity is not None and math.isnan(min_fidelity):
        _die("--min-fidelity nan: expected a number")
    if min_fidelity is not None:
        minimums["fidelity"] = min_fidelity
    if minimums:
        table["min-scores"] = {**base.min_scores, **minimums}
    if options.maximum:
        table["max-scores"] = {**base.max_scores, **_pairs(options.maximum, "--max")}
    given = {
        "fail-on": options.fail_on,
        "select": options.select,
        "ignore": options.ignore,
        "glossary": options.glossary,
        "baseline": options.baseline,
        "metrics": options.metrics,
        "src-lang": src_lang,
        "pivot-lang": pivot_lang,
        "jobs": jobs,
        "document-timeout": timeout,
        "scheduler": scheduler,
    }
    table.update({k: v for k, v in given.items() if v is not None})
    if options.no_model:
        table["no-model"] = True
    return parse_config(table, COMMAND_LINE, base)


def _jobs_limit() -> int:
    """At most one worker per CPU this process may use (each is CPU-bound and holds its own
    models), but at least 2, so that a parallel run behaves the same on a one-CPU machine."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(2, cpus)


class _Targets:
    """The report's and the baseline's destinations, checked before any work is done."""

    def __init__(self, output: str | None, write_baseline: str | None) -> None:
        self.output = plan_output(output, "--output") if output is not None else None
        self.baseline = plan_output(write_baseline, "--write-baseline") if write_baseline else None
        if self.output and self.baseline and not self.output.direct:
            if self.output.path == self.baseline.path:
                raise self.baseline.fail("names the same file as --output")
            if self.output.identity is not None:
                refuse_inputs(self.baseline, [self.output.path])

    def refuse(self, inputs: Iterable[str | Path], baseline_in_use: str | None) -> None:
        """Neither target may be an input; the baseline in use may be rewritten (updated) by
        --write-baseline, but not by --output."""
        existing = [t for t in (self.output, self.baseline) if t is not None and t.identity is not None]
        if not existing:  # a new file cannot be an input: the inputs are not even listed
            return
        files = list(inputs)
        for target in existing:
            in_use = [baseline_in_use] if baseline_in_use and target is self.output else []
            refuse_inputs(target, [*in_use, *files])


def _settings_files(config: Config, explicit: str | None) -> list[str | Path]:
    """The files a run reads besides its documents: config file and glossary."""
    found = config_file(explicit)
    return [p for p in (found, config.glossary) if p]


def _preload(config: Config) -> None:
    """Read the glossary and the baseline now: a problem with either is the run's error,
    named after that file, found before any document is checked."""
    if config.glossary:
        from qa.names.glossary import load_glossary

        load_glossary(config.glossary)
    if config.baseline:
        from qa.baseline import load_baseline

        load_baseline(config.baseline)


def _stdout_closed() -> None:
    """The reader of stdout went away (`qa batch ... | head`): the rest of the report goes
    nowhere, as the CPython docs recommend (signal handling, "Note on SIGPIPE"), and the
    exit code stays the gate's."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _render(report: Report, config: Config, fmt: str, target: OutputTarget | None) -> None:
    from qa.report import get_renderer
    from qa.report.interface import pieces

    renderer = get_renderer(fmt)
    if fmt == "text" and target is None:
        renderer.color = sys.stdout is not None and sys.stdout.isatty()  # type: ignore[attr-defined]
    rendered = pieces(renderer, report, config)
    if target is not None:
        write_output(target, rendered)
        return
    if sys.stdout is None:  # started with stdout closed: nowhere to write
        return
    try:
        for piece in rendered:
            sys.stdout.write(piece)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()


def _exit_code(summary: dict[str, Any]) -> int:
    """From the report's summary (a batch's documents may not all be in memory)."""
    if summary["errors"]:
        return EXIT_INPUT
    return EXIT_FAIL if summary["failed"] else EXIT_PASS


def _finish(report: Report, config: Config, fmt: str, targets: _Targets, to_stdout: bool = True) -> NoReturn:
    """Render the report (to --output, else to stdout unless `to_stdout` is False: --diff's
    stdout is the diff), write the baseline, and exit with the gate's code."""
    try:
        if targets.output is not None or to_stdout:
            _render(report, config, fmt, targets.output)
        if targets.baseline is not None:
            from qa.baseline import baseline_text

            write_output(targets.baseline, [baseline_text(report.documents)])
    except QaError as exc:
        _die(str(exc))
    from qa.report.common import error_line, summary_line

    unchecked = getattr(report, "unchecked", None)  # a streamed batch report keeps them aside
    for result in unchecked() if unchecked else report.documents:
        if result.status != "checked":
            typer.echo(f"qa: error: {printable(error_line(result))}", err=True)
    if targets.output is not None:  # the report went to a file: say how it came out
        typer.echo(f"qa: {summary_line(report)}; report in {_shown(targets.output.shown)}", err=True)
    raise typer.Exit(_exit_code(report.summary()))


def _shown(name: str) -> str:
    from qa.errors import quote

    return quote(name)


@app.command()
@_with_shared_options
def check(
    hyp: Annotated[str, typer.Argument(help="The English translation to check.")],
    ref: Annotated[
        list[str] | None, typer.Option("--ref", "-r", help="A reference translation (repeatable).")
    ] = None,
    src: Annotated[str | None, typer.Option("--src", help="The source text (Russian or Chinese).")] = None,
    src_lang: SrcLangOpt = None,
    pivot: Annotated[
        str | None, typer.Option("--pivot", help="The pivot text the translation went through.")
    ] = None,
    pivot_lang: PivotLangOpt = None,
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id in the report.")] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Apply the findings' suggestions to the translation file (atomically, FILE.bak kept), "
            "then report what remains.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff", help="Print the unified diff --fix would make, instead of the report; change nothing."
        ),
    ] = False,
    fix_level: Annotated[
        str,
        typer.Option(
            "--fix-level",
            parser=_choice("--fix-level", FIX_LEVELS),
            metavar=f"<{'|'.join(FIX_LEVELS)}>",
            help="Lowest severity whose suggestions --fix and --diff apply.",
        ),
    ] = "error",
    no_backup: Annotated[bool, typer.Option("--no-backup", help="With --fix, keep no FILE.bak.")] = False,
    *,
    options: SharedOptions,
) -> None:
    """Check one translation against references, a source and a pivot."""
    from qa.fidelity.encode import store

    with store.enabled():  # an editor re-checks the same article: keep its sentences' vectors
        try:
            config = _config(options, src_lang=src_lang, pivot_lang=pivot_lang)
            targets = _Targets(options.output, options.write_baseline)
            others = [p for p in (*(ref or []), src, pivot) if p] + _settings_files(
                config, options.config_file
            )
            targets.refuse([hyp, *others], config.baseline)
            fixing = _plan_fix(hyp, others, config.baseline, targets, no_backup) if fix and not diff else None
            _preload(config)
            from qa.io.inputs import load_document
            from qa.pipeline import Checker

            def load() -> Document:
                return load_document(
                    doc_id or _stem(hyp), hyp, list(ref or []), src, config.src_lang, pivot, config.pivot_lang
                )

            with _status(f"checking {_shown(hyp)}"):
                document = load()
                checker = Checker(config)
                report = _check_one(document, hyp, config, checker)
            if (fix or diff) and report.documents[0].status == "checked":

                def recheck() -> Report:
                    with _status(f"checking {_shown(hyp)} again"):
                        return _check_one(load(), hyp, config, checker)

                report = _suggestions(document, report, Severity(fix_level), fixing, recheck)
                if diff:  # stdout held the diff: the report goes only to --output
                    _finish(report, config, options.fmt, targets, to_stdout=False)
        except QaError as exc:
            _die(str(exc))
    _finish(report, config, options.fmt, targets)


def _suggestions(
    document: Document,
    report: Report,
    level: Severity,
    fixing: _FixPlan | None,
    recheck: Callable[[], Report],
) -> Report:
    """--diff (`fixing` is None): print the diff the suggestions at or above `level` make.
    --fix: write them to the translation file, then check it again; that report is returned."""
    from qa.fixes import apply_fixes, unified_diff

    path = document.hyp.path or document.id
    fixed = apply_fixes(document.hyp.content, report.documents[0].findings, level)
    skipped = f", {len(fixed.skipped)} skipped (overlapping)" if fixed.skipped else ""
    if fixing is None:
        from qa.errors import escape_controls, log_safe

        # the translation's own lines: no terminal control or CI workflow command gets through
        diff = unified_diff(document.hyp.content, fixed.text, _display(path))
        _write_stdout(log_safe(escape_controls(diff, keep="\n\t")))
        typer.echo(f"qa: would fix {len(fixed.applied)} finding(s) in {_shown(path)}{skipped}", err=True)
        return report
    backup = ""
    if fixed.changed:
        fixing.write(document, fixed.text)
        report = recheck()
        backup = f"; backup in {_shown(fixing.backup.shown)}" if fixing.backup else ""
    typer.echo(f"qa: fixed {len(fixed.applied)} finding(s) in {_shown(path)}{skipped}{backup}", err=True)
    return report


@contextlib.contextmanager
def _status(first: str) -> Iterator[None]:
    """A progress line on stderr while the block runs, when stderr is a terminal: what the run
    is doing (`qa.progress.note`: loading an encoder, building a cache on a first run),
    cleared when it is done. Silent otherwise, so CI logs stay clean."""
    if sys.stderr is None or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    from qa import progress

    with Console(stderr=True).status(f"{first} …") as status:
        progress.set_listener(lambda message: status.update(f"{message} …"))
        try:
            yield
        finally:
            progress.set_listener(None)


def _check_one(document: Document, origin: str, config: Config, checker: Checker) -> Report:
    from qa.io.inputs import BatchItem
    from qa.pipeline import check_stream, finish

    item = BatchItem(id=document.id, origin=origin, document=document, error=None)
    return finish(list(check_stream([item], config, 1, checker)), config, checker)


def _display(path: str) -> str:
    """The file name in a diff header: relative, with forward slashes, as `git diff` writes."""
    from qa.errors import quote

    return quote(Path(path).as_posix().lstrip("/"))


def _write_stdout(text: str) -> None:
    if sys.stdout is None or not text:
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()


class _FixPlan:
    """Where `--fix` writes, checked before any work: the translation itself (a regular file,
    read from no descriptor, no other input of the run) and its backup."""

    def __init__(self, hyp: str, target: OutputTarget, backup: OutputTarget | None) -> None:
        self.hyp = hyp
        self.target = target
        self.backup = backup

    def write(self, document: Document, text: str) -> None:
        """Back up the file's bytes, then replace the file by the fixed text in its encoding and
        line endings, keeping its permissions. Refuses if the file changed since it was read."""
        from qa.cache import replace_file
        from qa.fixes import encode_like
        from qa.io.decode import decode_file, read_bytes

        raw = read_bytes(self.target.path)
        encoding = document.hyp.encoding or "utf-8"
        if decode_file(raw, self.hyp, "en")[0] != document.hyp.content:
            raise self.target.fail("changed while it was being checked; nothing was written")
        try:
            data = encode_like(text, raw, encoding)
        except UnicodeEncodeError as exc:
            raise self.target.fail(
                f"cannot hold the fix in its encoding {encoding} ({exc.object[exc.start : exc.end]!r}); "
                "nothing was written"
            ) from None
        mode = os.stat(self.target.path).st_mode & 0o7777
        try:
            if self.backup is not None:
                replace_file(Path(self.backup.path), raw, private=False)
                os.chmod(self.backup.path, mode)
            replace_file(Path(self.target.path), data, private=False)
            os.chmod(self.target.path, mode)
        except OSError as exc:
            raise self.target.fail(f"cannot be written: {exc.strerror or exc}") from None


def _plan_fix(
    hyp: str, others: list[str | Path], baseline: str | None, targets: _Targets, no_backup: bool
) -> _FixPlan:
    from qa.errors import InputError
    from qa.outputs import through_descriptor

    if hyp == "-" or through_descriptor(hyp):
        raise InputError(
            "--fix rewrites a file; this translation is read from a descriptor (use --diff)", path=hyp
        )
    real = os.path.realpath(hyp)
    try:
        info = os.stat(real)
    except OSError:
        info = None  # reading it will say what is wrong
    if info is not None and not os.path.isfile(real):
        raise InputError("--fix rewrites a regular file; this is not one (use --diff)", path=hyp)
    target = plan_output(hyp, "--fix")
    inputs = [*others, *([baseline] if baseline else [])]
    for other in inputs:
        try:
            same = info is not None and os.path.samefile(real, other)
        except (OSError, ValueError):
            continue
        if same:
            raise InputError(f"--fix would rewrite a file that is also another input ({other})", path=hyp)
    for planned in (targets.output, targets.baseline):
        if planned is not None and not planned.direct and planned.path == real:
            raise InputError(f"--fix would rewrite the file {planned.option} writes", path=hyp)
    backup = None
    if not no_backup:
        backup = plan_output(f"{hyp}.bak", "--fix backup")
        if backup.identity is not None:
            refuse_inputs(backup, inputs)
        for planned in (targets.output, targets.baseline):
            if planned is not None and planned.path == backup.path:
                raise InputError(f"--fix backup would overwrite the file {planned.option} writes", path=hyp)
    return _FixPlan(hyp, target, backup)


@app.command()
@_with_shared_options
def batch(
    input_path: Annotated[str, typer.Argument(metavar="INPUT", help="A directory or a JSONL manifest.")],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes; more than the CPUs available (at least 2) are not started.",
        ),
    ] = 1,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds a document may take; over it, an error entry (0: no limit)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Check on a Dask cluster: tcp://host:8786, or local:N for N local worker processes "
            "(needs the qa[dask] extra).",
        ),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            help="Write one JSONL report a shard of the input and summary.json there; a rerun "
            "skips the shards already checked with the same inputs and configuration.",
        ),
    ] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", min=1, help="Documents a shard.")] = 1000,
    *,
    options: SharedOptions,
) -> None:
    """Check every document of a directory or JSONL manifest; none is ever dropped."""
    try:
        config = _config(options, jobs=jobs, timeout=timeout, scheduler=scheduler)
        config = config.with_overrides(jobs=min(config.jobs, _jobs_limit()))
        if output_dir is not None and (options.output or options.write_baseline):
            _die("--output-dir writes its own reports (one JSONL a shard); drop --output / --write-baseline")
        targets = _Targets(options.output, options.write_baseline)
        targets.refuse(
            _lazy_inputs(input_path, _settings_files(config, options.config_file)), config.baseline
        )
        if output_dir is not None:
            from qa.shards import refuse_inputs as refuse_shard_inputs

            refuse_shard_inputs(
                output_dir, _lazy_inputs(input_path, _settings_files(config, options.config_file))
            )
        _preload(config)
        from qa.io.inputs import iter_batch
        from qa.pipeline import Checker, check_stream
        from qa.spool import finish_stream

        items = iter_batch(input_path)
        if output_dir is not None:  # one JSONL a shard, resumable (qa.shards)
            from qa.shards import run_to_directory

            outcome = run_to_directory(_with_progress(items), config, output_dir, shard_size)
            _shards_done(outcome, output_dir)
        keep_alignment = options.fmt == "html"
        if config.scheduler:  # a Dask cluster (qa.distributed)
            from qa.distributed import batch_report

            report = batch_report(_with_progress(items), config, keep_alignment=keep_alignment)
        else:
            checker = Checker(config) if config.jobs <= 1 else None
            stream = check_stream(items, config, config.jobs, checker, keep_alignment=keep_alignment)
            report = finish_stream(_with_progress(stream), config, checker)  # results spooled, not held
    except QaError as exc:
        _die(str(exc))
    _finish(report, config, options.fmt, targets)


def _shards_done(outcome: Any, output_dir: str) -> NoReturn:
    """One line on stderr for a run written to --output-dir; the exit code of its summary."""
    summary = outcome.summary
    typer.echo(
        f"qa: {summary['documents']} document(s) in {outcome.shards} shard(s) "
        f"({outcome.resumed} already done) written to {printable(output_dir)}: {summary['passed']} passed, "
        f"{summary['failed']} failed, {summary['errors']} error(s)",
        err=True,
    )
    if summary["errors"]:
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(EXIT_FAIL if summary["failed"] else EXIT_PASS)


def _lazy_inputs(input_path: str, settings: list[str | Path]) -> Iterable[str | Path]:
    """The batch's settings files, then its documents' files (read only if a target exists)."""
    yield from settings
    yield from batch_inputs(input_path)


def _with_progress(results: Any) -> Any:
    """A progress line on stderr when it is a terminal; silent otherwise (CI logs stay clean)."""
    if not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True), transient=True
    ) as progress:
        task = progress.add_task("checking", total=None)
        for count, result in enumerate(results, 1):
            progress.update(task, description=f"checked {count} document(s)")
            yield result


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; not loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="QA_SERVE_TOKEN", help="Every request must carry it (Bearer)."),
    ] = None,
    glossary: GlossaryOpt = None,
    config_file: ConfigOpt = None,
    no_model: NoModelOpt = False,
) -> None:
    """Serve the editor's page and the JSON API, models loaded once (see README, "qa serve")."""
    try:
        config = _config(SharedOptions(glossary=glossary, config_file=config_file, no_model=no_model))
        _preload(config)
        from qa.serve import serve as run_server

        run_server(config, host=host, port=port, token=token)
    except QaError as exc:
        _die(str(exc))


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code, e.g. N101.")]) -> None:
    """Explain what a rule means, with an example."""
    from qa.rules import RULES

    rule = RULES.get(code.strip().upper())
    if rule is None:
        _die(f"unknown rule {code!r}; known rules: {', '.join(sorted(RULES))}")
    try:
        typer.echo(f"{rule.code}  {rule.title}  ({rule.category}, default severity {rule.severity.value})\n")
        typer.echo(rule.explanation)
        typer.echo(f"\nExample: {rule.example}")
    except BrokenPipeError:
        _stdout_closed()


@app.command()
def rules() -> None:
    """List every rule code."""
    from qa.rules import RULES

    try:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.title}")
    except BrokenPipeError:  # `qa rules | head -3`
        _stdout_closed()


def _stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".hyp.txt", ".txt"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("qa: interrupted", err=True)
        sys.exit(130)
