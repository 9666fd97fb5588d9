"""The documentation runs: every Python example of the README and the guides is executed.

* ```` ```pycon ```` blocks are doctest sessions: their output is checked.
* ```` ```python ```` blocks are run as scripts (the blocks of one page share a namespace,
  in page order, as a reader would type them).
* ```` ```console ```` blocks: each ``$ newsclean …`` line is run through ``newsclean.cli.main``
  and must exit with status 0.

Examples run from a scratch folder holding a copy of ``examples/``, so paths in the docs
are the ones a reader of a checkout uses. A page whose examples import an optional library
(pandas, datasets, datatrove, dask) is skipped, naming the library, where it is absent.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

import newsclean
from newsclean.cli import main

from .conftest import ROOT

# Topic pages written with other issues' code; their owners test their own examples.
OTHERS = {"filters.md", "corpus.md", "dask.md", "cli.md", "robustness.md"}
PAGES = ["README.md"] + [
    f"docs/{path.name}" for path in sorted((ROOT / "docs").glob("*.md")) if path.name not in OTHERS
]
OPTIONAL = ("pandas", "datasets", "datatrove", "dask")

_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_IMPORT = re.compile(r"^\s*(?:>>> )?(?:from|import) (\w+)", re.MULTILINE)


def sections(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(language, code), …]) for every ``## `` section of ``page``, in order."""
    text = (ROOT / page).read_text(encoding="utf-8")
    parts = re.split(r"^(?=## )", text, flags=re.MULTILINE)
    return [
        (part.splitlines()[0], [(m.group(1), m.group(2)) for m in _FENCE.finditer(part)])
        for part in parts
    ]


def missing_modules(found: list[tuple[str, str]]) -> list[str]:
    """The optional libraries the Python blocks import that are not installed."""
    code = "\n".join(body for language, body in found if language in ("python", "pycon"))
    wanted = sorted(set(_IMPORT.findall(code)) & set(OPTIONAL))
    return [name for name in wanted if importlib.util.find_spec(name) is None]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("page", PAGES)
def test_examples_of_the_page_run(page: str, scratch: Path) -> None:
    # One namespace per page, as a reader types along; a section whose examples need a
    # library that is not installed is left out (sections must not depend on such a one).
    namespace: dict[str, object] = {"__name__": "__docs__"}
    skipped: list[str] = []
    for heading, found in sections(page):
        missing = missing_modules(found)
        if missing:
            skipped.append(f"{heading!r} needs {', '.join(missing)}")
            continue
        for number, (language, body) in enumerate(found, 1):
            run_block(language, body, namespace, f"{page}, {heading!r}, block {number}")
    if skipped:
        pytest.skip(f"{page}: not installed, so not run: {'; '.join(skipped)}")


def run_block(language: str, body: str, namespace: dict[str, object], where: str) -> None:
    """Run one fenced block: a doctest session, a script or ``newsclean`` commands."""
    if language == "pycon":
        test = doctest.DocTestParser().get_doctest(body, namespace, where, where, 0)
        runner = doctest.DocTestRunner(
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.REPORT_NDIFF
        )
        report = io.StringIO()
        failed, _ = runner.run(test, out=report.write, clear_globs=False)
        assert failed == 0, report.getvalue()
        namespace.update(test.globs)  # DocTest works on a copy of the namespace
    elif language == "python":
        exec(compile(body, where, "exec"), namespace)
    elif language == "console":
        for line in body.splitlines():
            if line.startswith("$ newsclean "):
                assert_command_runs(line[2:], where)


def assert_command_runs(command: str, where: str) -> None:
    argv = shlex.split(command, comments=True)[1:]
    # The CLI writes bytes to sys.stdout.buffer, as it does to a real terminal or pipe.
    with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
        status = main(argv)
    assert status == 0, f"{where}: `{command}` exited with {status}"


def test_links_between_pages_resolve() -> None:
    # mkdocs only reports links to the topic pages of other issues until they land
    # (mkdocs.yml: validation); every other link between pages must resolve.
    docs = ROOT / "docs"
    for path in sorted(docs.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([\w./-]+\.md)(?:#[\w.-]*)?\)", text):
            assert (docs / target).is_file() or target in OTHERS, f"{path.name} -> {target}"


def test_the_api_page_documents_all_of_the_public_api() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: newsclean\.(\w+)$", text, re.MULTILINE))
    assert documented == set(newsclean.__all__) - {"__version__"}


def test_the_readme_shows_the_real_output_of_the_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = re.search(r"<!-- after -->\n```text\n(.*?)\n```", readme, re.DOTALL)
    assert after is not None, "README.md lost its <!-- after --> block"
    page = (ROOT / "examples" / "stadtbahn.txt").read_text(encoding="utf-8")
    # After a change to the filters, paste the output of
    # `newsclean clean examples/stadtbahn.txt` into README.md's <!-- after --> block.
    assert after.group(1) == newsclean.clean(page), "README.md's after-block is stale"
