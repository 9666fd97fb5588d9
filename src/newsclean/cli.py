"""The command-line interface: a thin shell over the library.

``main(argv) -> int`` parses arguments, opens streams, calls the library and turns every
error into one line on stderr and exit status 1, so tests can call it directly.

Commands: ``clean`` (JSONL or plain text, on all cores), ``learn`` (a corpus model),
``model show`` and ``explain``. ``docs/cli.md`` is generated from this parser
(``python benchmarks/tools/cli_reference.py``); a test fails when it is stale.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import importlib
import itertools
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, NoReturn, TextIO

from ._version import __version__
from .config import Config
from .errors import ConfigError, InputError, NewscleanError
from .filters import Filter
from .io import AtomicOutput, Source
from .pipeline import Cleaned, Pipeline
from .records import CleanedRecord, Position, RecordFormat, Reject, clean_record
from .render import render_html, render_text
from .report import Report
from .runner import (
    Chunk,
    ChunkResult,
    CleanJob,
    LearnJob,
    SampleJob,
    chunks_of,
    default_workers,
    run_chunks,
)

__all__ = ["build_parser", "entry_point", "main"]

#: Exit status when the reader of our stdout went away (``newsclean clean … | head``):
#: 128 + SIGPIPE, as a program killed by the signal would report.
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    """Raised instead of argparse's print-usage-and-exit, so main() reports one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


_EPILOG_CLEAN = """\
Exit status: 0 when every record was read (rejected records included: they are counted
and written to --rejects); 1 with a one-line message for unusable arguments or unreadable
input; 141 when the reader of stdout went away (e.g. `| head`).
"""


def _add_record_options(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_argument_group("records")
    group.add_argument(
        "--input-format",
        choices=("auto", "jsonl", "text"),
        default="auto",
        help="auto: JSONL for .jsonl/.ndjson/.json names (optionally .gz/.zst) and for "
        "input starting with '{', plain text otherwise (default: %(default)s)",
    )
    group.add_argument(
        "--text-field",
        default="text",
        metavar="FIELD",
        help="JSON field holding the text (default: %(default)s)",
    )
    group.add_argument(
        "--url-field",
        default="url",
        metavar="FIELD",
        help="JSON field holding the page URL; its site is what corpus models count and "
        "apply by (default: %(default)s)",
    )
    group.add_argument(
        "--site-field",
        default=None,
        metavar="FIELD",
        help="JSON field holding a site key; used instead of the URL where present",
    )
    group.add_argument(
        "--delimiter",
        default=None,
        metavar="STRING",
        help="plain text: documents are separated by this string (backslash escapes such as "
        "'\\f' or '\\n\\n\\n' are understood); without it each file is one document",
    )
    group.add_argument(
        "--max-doc-bytes",
        type=_positive_int,
        default=None,
        metavar="N",
        help="reject records larger than N bytes as 'too_large' (default: no limit)",
    )
    group.add_argument(
        "--fallback-encoding",
        default=None,
        metavar="ENCODING",
        help="decode records that are not UTF-8 with this encoding (e.g. cp1252) instead of "
        "rejecting them as 'undecodable' (the default)",
    )


def _add_filter_options(cmd: argparse.ArgumentParser, *, model: bool = True) -> None:
    group = cmd.add_argument_group("filters")
    group.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file of Config settings (filters, languages, repair, thresholds)",
    )
    group.add_argument(
        "--filters",
        metavar="NAMES",
        help="comma-separated built-in filters to run, in order (overrides --config)",
    )
    group.add_argument(
        "--languages", metavar="CODES", help="comma-separated language codes or TOML paths"
    )
    group.add_argument(
        "--repair",
        choices=("auto", "always", "never"),
        default=None,
        help="mojibake repair with ftfy (default: auto, only where text looks broken)",
    )
    if model:
        group.add_argument(
            "--model", metavar="PATH", help="a corpus model (from `newsclean learn`) to apply first"
        )


def _add_run_options(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_argument_group("run")
    group.add_argument(
        "-w",
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores this process may use)",
    )
    group.add_argument(
        "--rejects", metavar="FILE", help="write rejected records (reason, position, raw) as JSONL"
    )
    group.add_argument("--report", metavar="FILE", help="write the run's counts and speed as JSON")
    group.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr"
    )
    group.add_argument("--chunk-bytes", type=_positive_int, default=None, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsclean`` command."""
    parser = _Parser(
        prog="newsclean",
        description="Strip site chrome from scraped news text and keep the article.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cmd = commands.add_parser(
        "clean",
        help="clean JSONL dumps or text files",
        description="Clean JSONL records (plain, .gz or .zst) or plain-text documents. "
        "Every other field of a record passes through untouched; output order is input "
        "order; every record is either in the output or in --rejects.",
        epilog=_EPILOG_CLEAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("inputs", nargs="+", metavar="INPUT", help="input files; - for stdin")
    cmd.add_argument(
        "-o",
        "--output",
        default="-",
        help="output file, written atomically; .gz/.zst are compressed (default: - for stdout)",
    )
    cmd.add_argument(
        "--output-format",
        choices=("auto", "jsonl", "text"),
        default="auto",
        help="auto: the input's format; text writes the cleaned texts only, separated by "
        "--delimiter or a blank line (default: %(default)s)",
    )
    _add_record_options(cmd)
    _add_filter_options(cmd)
    _add_run_options(cmd)

    cmd = commands.add_parser(
        "learn",
        help="learn a corpus model of repeated lines",
        description="Count, per site, in how many documents each line occurs, and save the "
        "lines that repeat across many documents of a site as a model for `clean --model`.",
    )
    cmd.add_argument("inputs", nargs="+", metavar="INPUT", help="input files; - for stdin")
    cmd.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write")
    cmd.add_argument(
        "--min-docs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="a line must occur in at least N documents of its site (default: the corpus module's)",
    )
    cmd.add_argument(
        "--min-share",
        type=_share,
        default=None,
        metavar="SHARE",
        help="… and in at least this share (0-1] of its site's documents (default: the "
        "corpus module's)",
    )
    cmd.add_argument(
        "--min-sites",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="a line on at least N sites is chrome everywhere; 0 turns that off (default: "
        "the corpus module's)",
    )
    _add_record_options(cmd)
    _add_filter_options(cmd, model=False)
    _add_run_options(cmd)

    cmd = commands.add_parser("model", help="inspect a corpus model")
    model_commands = cmd.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    show = model_commands.add_parser(
        "show",
        help="describe a model: sites, lines, samples",
        description="Describe a corpus model: its versions, sites and the lines it removes.",
    )
    show.add_argument("path", metavar="PATH", help="a model file from `newsclean learn`")
    show.add_argument(
        "--top",
        type=_positive_int,
        default=10,
        metavar="N",
        help="lines to show per site (default: %(default)s)",
    )

    cmd = commands.add_parser(
        "explain",
        help="show which lines cleaning removes and why",
        description="Show a document with every removed line marked, with the filter and "
        "its reason beside it; for JSONL input, each record. --html writes one "
        "self-contained page instead.",
    )
    cmd.add_argument("input", metavar="FILE", help="a text or JSONL file; - for stdin")
    cmd.add_argument("--html", metavar="OUT.html", help="write an HTML page here")
    cmd.add_argument(
        "--limit",
        type=_positive_int,
        default=None,
        metavar="N",
        help="explain at most N documents of a JSONL file (default: all)",
    )
    cmd.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default: auto, when stdout is a terminal)",
    )
    _add_record_options(cmd)
    _add_filter_options(cmd)
    return parser


def reference_markdown() -> str:
    """The CLI reference in Markdown, built from the parser (the text of ``docs/cli.md``
    between its ``generated`` markers). Independent of the terminal and Python version."""
    parser = build_parser()
    out = [
        "## Reference",
        "",
        f"`newsclean --version` prints the version. {parser.description}",
        "",
    ]
    for name, sub in _subcommands(parser):
        out.extend(_command_markdown(name, sub))
    return "\n".join(out).rstrip("\n") + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = list(_subcommands(sub))
                if nested:
                    yield from ((f"{name} {child}", parser) for child, parser in nested)
                else:
                    yield name, sub


def _command_markdown(name: str, parser: argparse.ArgumentParser) -> list[str]:
    positionals = [a for a in parser._actions if not a.option_strings]
    usage = " ".join(
        [f"newsclean {name}", "[options]"]
        + [f"{a.metavar or a.dest}{'...' if a.nargs == '+' else ''}" for a in positionals]
    )
    out = [f"### `newsclean {name}`", "", parser.description or "", "", f"    {usage}", ""]
    rows = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            metavar = "" if action.nargs == 0 else f" {action.metavar or action.dest.upper()}"
            if action.choices:
                metavar = " {" + ",".join(map(str, action.choices)) + "}"
            flags = ", ".join(f"`{flag}{metavar}`" for flag in action.option_strings)
        else:
            flags = f"`{action.metavar or action.dest}`"
        help_text = ((action.help or "") % {"default": action.default}).replace("|", "\\|")
        rows.append(f"| {flags} | {help_text} |")
    out += ["| argument | meaning |", "|---|---|", *rows, ""]
    if parser.epilog:
        out += [" ".join(parser.epilog.split()), ""]
    return out


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
        return number

    return parse


_positive_int = _int_at_least(1)
_non_negative_int = _int_at_least(0)


def _share(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {number}")
    return number


# --- shared set-up -------------------------------------------------------------------------


def _load_config(args: argparse.Namespace) -> Config:
    settings: dict[str, Any] = {}
    if args.config:
        settings = _read_config_file(args.config)
    if args.filters is not None:
        settings["filters"] = tuple(name.strip() for name in args.filters.split(",") if name)
    if args.languages is not None:
        settings["languages"] = tuple(code.strip() for code in args.languages.split(",") if code)
    if args.repair is not None:
        settings["repair"] = args.repair
    try:
        return Config(**settings)
    except TypeError as exc:
        raise ConfigError(f"bad configuration: {exc}") from None


def _read_config_file(name: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover
        import tomli as tomllib  # noqa: PLC0415
    try:
        with open(name, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML: {exc}") from None
    data = data.get("newsclean", data)  # allow a [newsclean] table, e.g. in a shared file
    known = {field.name for field in dataclasses.fields(Config)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{name}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


def _load_model(path: str) -> Filter:
    if not Path(path).is_file():
        raise InputError(f"{path}: no such model file")
    try:
        corpus = importlib.import_module("newsclean.corpus")
    except ImportError:
        raise ConfigError("--model needs newsclean.corpus, which this build lacks") from None
    model: Filter = corpus.BoilerplateModel.load(path)
    return model


def _record_format(args: argparse.Namespace, *, json_records: bool) -> RecordFormat:
    try:
        return RecordFormat(
            text_field=args.text_field,
            url_field=args.url_field or None,
            site_field=args.site_field or None,
            json=json_records,
            max_doc_bytes=args.max_doc_bytes,
            fallback_encoding=args.fallback_encoding,
        )
    except LookupError:
        raise ConfigError(f"unknown encoding {args.fallback_encoding!r}") from None
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _delimiter(args: argparse.Namespace) -> bytes | None:
    if args.delimiter is None:
        return None
    try:
        text = codecs.decode(args.delimiter, "unicode_escape")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"--delimiter: bad escape: {exc.reason}") from None
    if not text:
        raise ConfigError("--delimiter must not be empty")
    return str(text).encode("utf-8")


def _sources(names: Sequence[str], stdin: BinaryIO | None) -> list[Source]:
    if sum(1 for name in names if name == "-") > 1:
        raise InputError("stdin (-) can be read only once")
    return [Source.open(name, stdin) for name in names]


def _kind(args: argparse.Namespace, sources: Sequence[Source]) -> str:
    if args.input_format != "auto":
        return str(args.input_format)
    kinds = {source.kind() for source in sources}
    if len(kinds) > 1:
        raise InputError("inputs mix JSONL and plain text; pass --input-format")
    return kinds.pop()


def _check_not_overwriting(output: str | None, sources: Sequence[Source]) -> None:
    if output is None or output == "-":
        return
    target = Path(output)
    for source in sources:
        if source.name != "-" and target.exists() and target.samefile(source.name):
            raise InputError(f"{output}: the output would overwrite an input")


class _Progress:
    """A byte-based progress bar on stderr (tqdm), or nothing."""

    def __init__(self, total: int | None, enabled: bool, stderr: TextIO, desc: str) -> None:
        self._bar: Any = None
        if not enabled:
            return
        from tqdm import tqdm  # noqa: PLC0415  # only runs that show progress need it

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked later
        self._bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1000,  # MB = 10^6 bytes, as in the summary and the report
            file=stderr,
            desc=desc,
            dynamic_ncols=True,
            smoothing=0.1,
            leave=False,
        )

    def update(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _progress(args: argparse.Namespace, sources: Sequence[Source], stderr: TextIO) -> _Progress:
    sizes = [source.size for source in sources]
    total = None if any(size is None for size in sizes) else sum(s or 0 for s in sizes)
    enabled = not args.quiet and stderr.isatty()
    return _Progress(total, enabled, stderr, args.command)


class _TextWriter:
    """Writes cleaned texts separated by the delimiter (or a blank line), ending with \\n."""

    def __init__(self, out: AtomicOutput, separator: bytes) -> None:
        self.out = out
        self.separator = separator
        self.first = True

    def write(self, pieces: Sequence[bytes]) -> None:
        for piece in pieces:
            if not self.first:
                self.out.write(self.separator)
            self.out.write(piece)
            self.first = False

    def finish(self) -> None:
        if not self.first:
            self.out.write(b"\n")


def _write_rejects(result: ChunkResult, base: int, rejects: AtomicOutput | None) -> None:
    if rejects is None:
        return
    for reject in result.rejects:
        position = reject.position._replace(index=reject.position.index + base)
        rejects.write(reject._replace(position=position).to_json() + b"\n")


def _finish_report(
    args: argparse.Namespace, report: Report, worker_cpu: dict[int, float], stderr: TextIO
) -> None:
    if args.report:
        data = {
            "command": args.command,
            "inputs": list(args.inputs),
            "workers": args.workers or default_workers(),
            **report.to_dict(),
            **_resources(worker_cpu),
        }
        from .records import dump_json  # noqa: PLC0415

        with AtomicOutput(args.report) as out:
            out.write(dump_json(data) + b"\n")
    if not args.quiet:
        summary = report.summary() if args.command == "clean" else _learn_summary(report)
        print(f"newsclean {args.command}: {summary}", file=stderr)
        if report.rejected and not args.rejects:
            print(
                f"newsclean {args.command}: {report.rejected} rejected record(s) not kept; "
                "pass --rejects FILE to keep them",
                file=stderr,
            )


def _resources(worker_cpu: dict[int, float]) -> dict[str, Any]:
    """CPU seconds and peak memory of this process and its finished workers."""
    try:
        import resource  # noqa: PLC0415  # POSIX only
    except ImportError:  # pragma: no cover
        return {}
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB -> MiB
    return {
        "cpu_seconds": round(own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime, 2),
        # How evenly the work spread: CPU seconds of the chunks, per worker process.
        "chunk_cpu_seconds_per_worker": sorted(round(s, 2) for s in worker_cpu.values()),
        "peak_rss_mb": round(own.ru_maxrss / scale, 1),
        "peak_rss_worker_mb": round(workers.ru_maxrss / scale, 1),
    }


def _run(
    args: argparse.Namespace,
    *,
    sources: Sequence[Source],
    kind: str,
    job: Callable[[Chunk], ChunkResult],
    stderr: TextIO,
    on_pieces: Callable[[ChunkResult], None],
    rejects: AtomicOutput | None,
) -> tuple[Report, dict[int, float]]:
    """Run ``job`` over every chunk of every source; numbering, rejects, counts, progress."""
    workers = args.workers or default_workers()
    delimiter = _delimiter(args)
    chunks: Iterator[Chunk] = itertools.chain.from_iterable(
        chunks_of(
            source,
            "jsonl" if kind == "jsonl" else "text",
            workers=workers,
            delimiter=delimiter,
            chunk_bytes=args.chunk_bytes,
        )
        for source in sources
    )
    report = Report()
    bases: Counter[str] = Counter()
    worker_cpu: dict[int, float] = {}
    progress = _progress(args, sources, stderr)
    started = time.perf_counter()

    def on_result(result: ChunkResult) -> None:
        on_pieces(result)
        _write_rejects(result, bases[result.source], rejects)
        bases[result.source] += result.spans
        report.merge(result.report)
        progress.update(result.progress)
        pid, cpu = result.cpu
        worker_cpu[pid] = worker_cpu.get(pid, 0.0) + cpu

    try:
        run_chunks(chunks, job, workers, on_result)
    finally:
        progress.close()
    report.seconds = time.perf_counter() - started
    return report, worker_cpu


# --- commands ------------------------------------------------------------------------------


def _cmd_clean(args: argparse.Namespace, streams: _Streams) -> int:
    sources = _sources(args.inputs, streams.stdin)
    kind = _kind(args, sources)
    _check_not_overwriting(args.output, sources)
    _check_not_overwriting(args.rejects, sources)
    config = _load_config(args)
    model = _load_model(args.model) if args.model else None
    pipeline = Pipeline.from_config(config, model=model)
    fmt = _record_format(args, json_records=kind == "jsonl")
    output = kind if args.output_format == "auto" else args.output_format
    job = CleanJob(pipeline, fmt, "text" if output == "text" else "jsonl")
    separator = _delimiter(args) or b"\n\n"
    if args.rejects == "-" and args.output == "-":
        raise InputError("--rejects - and the output both on stdout would mix; name a file")
    out = AtomicOutput(args.output, streams.stdout)
    try:
        rejects = AtomicOutput(args.rejects, streams.stdout) if args.rejects else None
    except BaseException:
        out.discard()  # an unusable --rejects path must not leave the output's temp file
        raise
    text_writer = _TextWriter(out, separator)

    def write(result: ChunkResult) -> None:
        if output == "text":
            text_writer.write(result.pieces)
        elif result.pieces:
            out.write(b"\n".join(result.pieces) + b"\n")

    try:
        report, worker_cpu = _run(
            args,
            sources=sources,
            kind=kind,
            job=job,
            stderr=streams.stderr,
            on_pieces=write,
            rejects=rejects,
        )
        if output == "text":
            text_writer.finish()
        out.commit()
        if rejects is not None:
            rejects.commit()
    except BaseException:
        out.discard()
        if rejects is not None:
            rejects.discard()
        raise
    _finish_report(args, report, worker_cpu, streams.stderr)
    return 0


def _cmd_learn(args: argparse.Namespace, streams: _Streams) -> int:
    corpus = importlib.import_module("newsclean.corpus")  # ImportError -> one-line message
    sources = _sources(args.inputs, streams.stdin)
    if any(source.name == "-" for source in sources):
        raise InputError("learn reads its input twice (counts, then samples): stdin cannot be")
    kind = _kind(args, sources)
    config = _load_config(args)
    fmt = _record_format(args, json_records=kind == "jsonl")
    rejects = AtomicOutput(args.rejects) if args.rejects else None
    counts: list[Any] = []

    def merge(result: ChunkResult) -> None:
        counts[:] = [counts[0].merge(result.extra) if counts else result.extra]

    try:
        # Pass 1: count per chunk, merge. Pass 2: one sample text per learned line.
        report, worker_cpu = _run(
            args,
            sources=sources,
            kind=kind,
            job=LearnJob(fmt, config),
            stderr=streams.stderr,
            on_pieces=merge,
            rejects=rejects,
        )
        total = counts[0] if counts else corpus.LineCounts(config)
        thresholds = {
            key: value
            for key, value in (
                ("min_docs", args.min_docs),
                ("min_share", args.min_share),
                ("min_sites", args.min_sites),
            )
            if value is not None
        }
        model = total.to_model(**thresholds)
        if hasattr(model, "find_samples") and len(model):
            found: list[Any] = []
            sampled, sample_cpu = _run(
                args,
                sources=sources,
                kind=kind,
                job=SampleJob(fmt, config, model),
                stderr=streams.stderr,
                on_pieces=lambda r: found.append(r.extra),
                rejects=None,
            )
            report.seconds += sampled.seconds
            for pid, cpu in sample_cpu.items():
                worker_cpu[pid] = worker_cpu.get(pid, 0.0) + cpu
            model = model.with_samples(*found)
        _save_atomically(model, args.output)
        if rejects is not None:
            rejects.commit()
    except BaseException:
        if rejects is not None:
            rejects.discard()
        raise
    _finish_report(args, report, worker_cpu, streams.stderr)
    if not args.quiet:
        print(f"newsclean learn: model written to {args.output}", file=streams.stderr)
    return 0


def _learn_summary(report: Report) -> str:
    reasons = ", ".join(f"{r} {c}" for r, c in sorted(report.rejected_by_reason.items()))
    return (
        f"{report.documents} documents counted, {report.rejected} rejected"
        + (f" ({reasons})" if reasons else "")
        + f"; {report.bytes_in / 1e6:.1f} MB in {report.seconds:.1f} s"
    )


def _save_atomically(model: Any, name: str) -> None:
    target = Path(name)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        model.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _cmd_model_show(args: argparse.Namespace, streams: _Streams) -> int:
    model: Any = _load_model(args.path)
    streams.stdout.write((model.describe(top=args.top).rstrip("\n") + "\n").encode("utf-8"))
    streams.stdout.flush()
    return 0


def _explained(
    args: argparse.Namespace, source: Source, kind: str, pipeline: Pipeline
) -> Iterator[tuple[str, Cleaned]]:
    fmt = _record_format(args, json_records=kind == "jsonl")
    chunks = chunks_of(
        source, "jsonl" if kind == "jsonl" else "text", workers=1, delimiter=_delimiter(args)
    )
    count = 0
    for chunk in chunks:
        for index, offset, raw in chunk.records():
            if kind == "jsonl" and (not raw or raw.isspace()):
                continue
            result = clean_record(raw, pipeline, fmt, Position(source.name, index, offset))
            if isinstance(result, Reject):
                raise InputError(
                    f"{source.name}: record {index + 1}: {result.reason}: {result.detail}"
                )
            yield _title(result, source.name, fmt), result.cleaned
            count += 1
            if args.limit is not None and count >= args.limit:
                return


def _title(result: CleanedRecord, name: str, fmt: RecordFormat) -> str:
    record = result.record or {}
    for key in (fmt.url_field, "url", "id"):
        value = record.get(key) if key else None
        if isinstance(value, (str, int)) and value != "":
            return f"{value}"
    return name if result.position.index == 0 else f"{name} #{result.position.index + 1}"


def _cmd_explain(args: argparse.Namespace, streams: _Streams) -> int:
    (source,) = _sources([args.input], streams.stdin)
    kind = _kind(args, [source])
    config = _load_config(args)
    model = _load_model(args.model) if args.model else None
    pipeline = Pipeline.from_config(config, model=model)
    documents = _explained(args, source, kind, pipeline)
    if args.html:
        page = render_html(list(documents), title=f"newsclean explain {source.name}")
        with AtomicOutput(args.html) as out:
            out.write(page.encode("utf-8"))
        return 0
    color = args.color == "always" or (args.color == "auto" and _isatty(streams.stdout))
    for number, (name, cleaned) in enumerate(documents):
        head = f"{'' if number == 0 else chr(10)}== {name} ==\n" if kind == "jsonl" else ""
        text = head + render_text(cleaned, color=color) + "\n"
        streams.stdout.write(text.encode("utf-8", "replace"))
    streams.stdout.flush()
    return 0


def _isatty(stream: IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Streams:
    def __init__(self, stdin: BinaryIO, stdout: BinaryIO, stderr: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr


_COMMANDS: dict[str, Callable[[argparse.Namespace, _Streams], int]] = {
    "clean": _cmd_clean,
    "learn": _cmd_learn,
    "model": _cmd_model_show,
    "explain": _cmd_explain,
}


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit status (0 success, 1 error, 141 broken pipe).

    ``stdin``/``stdout`` (binary) and ``stderr`` (text) default to the process's streams;
    tests pass their own.
    """
    err = stderr if stderr is not None else sys.stderr
    streams = _Streams(
        stdin if stdin is not None else sys.stdin.buffer,
        stdout if stdout is not None else sys.stdout.buffer,
        err,
    )
    try:
        args = build_parser().parse_args(argv)
        return _COMMANDS[args.command](args, streams)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except _UsageError as exc:
        print(f"{exc} (see --help)", file=err)
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("newsclean: interrupted; no output was completed", file=err)
        return EXIT_INTERRUPTED
    except (NewscleanError, OSError, ImportError) as exc:
        print(f"newsclean: {_one_line(exc)}", file=err)
        return 1


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that would raise again and print
    # a traceback. Point stdout at /dev/null instead, as the Python docs recommend.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
