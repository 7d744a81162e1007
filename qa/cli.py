"""The command line: parse arguments, call `qa.pipeline`, render, choose the exit code.

Exit codes: 0 every document passed the gate; 1 the gate failed; 2 a usage or input
error (one line on stderr, no traceback). Heavy modules are imported inside the commands so
that `qa --help` stays fast.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from qa import __version__
from qa.config import COMMAND_LINE, Config, config_file, load_config, parse_config
from qa.errors import QaError, printable
from qa.outputs import OutputTarget, batch_inputs, plan_output, refuse_inputs, write_output

if TYPE_CHECKING:
    from qa.document import Report

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


# Options shared by `check` and `batch`.
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text, json, or another registered format.")]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to FILE: atomically for a file, in place for a device or pipe "
        "(/dev/stdout); checked before any work, never one of the inputs.",
    ),
]
FailOnOpt = Annotated[str | None, typer.Option("--fail-on", help="error | warning | never.")]
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
    config_file: str | None,
    *,
    fail_on: str | None,
    minimum: list[str] | None,
    maximum: list[str] | None,
    min_fidelity: float | None,
    select: str | None,
    ignore: str | None,
    glossary: str | None,
    no_model: bool,
    baseline: str | None,
    metrics: str | None = None,
    src_lang: str | None = None,
    pivot_lang: str | None = None,
    jobs: int | None = None,
    timeout: float | None = None,
) -> Config:
    """Config file values, then the command line's, validated the same way."""
    base = load_config(config_file)
    table: dict[str, Any] = {}
    minimums = _pairs(minimum, "--min")
    if min_fidelity is not None and math.isnan(min_fidelity):
        _die("--min-fidelity nan: expected a number")
    if min_fidelity is not None:
        minimums["fidelity"] = min_fidelity
    if minimums:
        table["min-scores"] = {**base.min_scores, **minimums}
    if maximum:
        table["max-scores"] = {**base.max_scores, **_pairs(maximum, "--max")}
    options = {
        "fail-on": fail_on,
        "select": select,
        "ignore": ignore,
        "glossary": glossary,
        "baseline": baseline,
        "metrics": metrics,
        "src-lang": src_lang,
        "pivot-lang": pivot_lang,
        "jobs": jobs,
        "document-timeout": timeout,
    }
    table.update({k: v for k, v in options.items() if v is not None})
    if no_model:
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


def _check_format(fmt: str) -> None:
    from qa.report import RENDERERS

    if fmt not in RENDERERS:
        _die(f"--format {fmt!r}: expected one of {', '.join(sorted(RENDERERS))}")


def _exit_code(summary: dict[str, Any]) -> int:
    """From the report's summary (a batch's documents may not all be in memory)."""
    if summary["errors"]:
        return EXIT_INPUT
    return EXIT_FAIL if summary["failed"] else EXIT_PASS


def _finish(report: Report, config: Config, fmt: str, targets: _Targets) -> NoReturn:
    try:
        _render(report, config, fmt, targets.output)
        if targets.baseline is not None:
            from qa.baseline import baseline_text

            write_output(targets.baseline, [baseline_text(report.documents)])
    except QaError as exc:
        _die(str(exc))
    from qa.report.common import error_line

    unchecked = getattr(report, "unchecked", None)  # a streamed batch report keeps them aside
    for result in unchecked() if unchecked else report.documents:
        if result.status != "checked":
            typer.echo(f"qa: error: {printable(error_line(result))}", err=True)
    raise typer.Exit(_exit_code(report.summary()))


@app.command()
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
    glossary: GlossaryOpt = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    minimum: MinOpt = None,
    maximum: MaxOpt = None,
    min_fidelity: MinFidelityOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config_file: ConfigOpt = None,
    no_model: NoModelOpt = False,
    metrics: MetricsOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
) -> None:
    """Check one translation against references, a source and a pivot."""
    try:
        config = _config(
            config_file,
            fail_on=fail_on,
            minimum=minimum,
            maximum=maximum,
            min_fidelity=min_fidelity,
            select=select,
            ignore=ignore,
            glossary=glossary,
            no_model=no_model,
            baseline=baseline,
            metrics=metrics,
            src_lang=src_lang,
            pivot_lang=pivot_lang,
        )
        _check_format(fmt)
        targets = _Targets(output, write_baseline)
        targets.refuse(
            [p for p in (hyp, *(ref or []), src, pivot) if p] + _settings_files(config, config_file),
            config.baseline,
        )
        _preload(config)
        from qa.io.inputs import BatchItem, load_document
        from qa.pipeline import Checker, check_stream, finish

        document = load_document(
            doc_id or _stem(hyp), hyp, list(ref or []), src, config.src_lang, pivot, config.pivot_lang
        )
        checker = Checker(config)
        item = BatchItem(id=document.id, origin=hyp, document=document, error=None)
        report = finish(list(check_stream([item], config, 1, checker)), config, checker)
    except QaError as exc:
        _die(str(exc))
    _finish(report, config, fmt, targets)


@app.command()
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
    glossary: GlossaryOpt = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    minimum: MinOpt = None,
    maximum: MaxOpt = None,
    min_fidelity: MinFidelityOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config_file: ConfigOpt = None,
    no_model: NoModelOpt = False,
    metrics: MetricsOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
) -> None:
    """Check every document of a directory or JSONL manifest; none is ever dropped."""
    try:
        config = _config(
            config_file,
            fail_on=fail_on,
            minimum=minimum,
            maximum=maximum,
            min_fidelity=min_fidelity,
            select=select,
            ignore=ignore,
            glossary=glossary,
            no_model=no_model,
            baseline=baseline,
            metrics=metrics,
            jobs=jobs,
            timeout=timeout,
        )
        config = config.with_overrides(jobs=min(config.jobs, _jobs_limit()))
        _check_format(fmt)
        targets = _Targets(output, write_baseline)
        targets.refuse(_lazy_inputs(input_path, _settings_files(config, config_file)), config.baseline)
        _preload(config)
        from qa.io.inputs import iter_batch
        from qa.pipeline import Checker, check_stream
        from qa.spool import finish_stream

        checker = Checker(config) if config.jobs <= 1 else None
        items = iter_batch(input_path)
        stream = check_stream(items, config, config.jobs, checker, keep_alignment=fmt == "html")
        report = finish_stream(_with_progress(stream), config, checker)  # results spooled, not held
    except QaError as exc:
        _die(str(exc))
    _finish(report, config, fmt, targets)


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
