"""The command-line interface: a thin shell over the library.

``main(argv) -> int`` parses arguments, opens streams, calls the library and turns library
errors into one line on stderr and exit status 1, so tests can call it directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import NewscleanError
from .pipeline import clean

__all__ = ["build_parser", "entry_point", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsclean`` command."""
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Strip site chrome from scraped news text and keep the article.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cmd = commands.add_parser("clean", help="clean text files (one document per file)")
    cmd.add_argument("inputs", nargs="+", metavar="INPUT", help="text files; - for stdin")
    cmd.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    return parser


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        cleaned = [clean(_read(name)) for name in args.inputs]
    except (OSError, NewscleanError) as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    text = "\n\n".join(cleaned) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
