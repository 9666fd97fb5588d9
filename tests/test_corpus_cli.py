"""`newsclean learn`, `model show` and `clean --model` give what the corpus API gives."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsclean import BoilerplateModel, clean, clean_and_explain, learn
from newsclean.cli import main

from .test_corpus import site_pages


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    code = main([str(arg) for arg in argv], stdin=io.BytesIO(), stdout=out, stderr=err)
    return code, out.getvalue().decode("utf-8"), err.getvalue()


def write_dump(path: Path) -> list[tuple[str, str | None]]:
    pages = site_pages()
    records = [{"id": i, "body": text, "link": url} for i, (text, url) in enumerate(pages)]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return pages


def test_learn_show_and_clean_with_a_model(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    pages = write_dump(dump)
    model_path = tmp_path / "site.ncm"

    code, _, err = run(
        "learn", dump, "-o", model_path, "--text-field", "body", "--url-field", "link", "-w", "2"
    )
    assert code == 0, err
    learned = BoilerplateModel.load(model_path)
    # The CLI counts (and finds samples) in worker processes and merges: the same model,
    # byte for byte, as one learn() here.
    assert learned.to_bytes() == learn(pages).to_bytes()

    code, shown, err = run("model", "show", model_path)
    assert code == 0, err
    assert "rundschau.example (6 pages, 10 lines)" in shown

    output = tmp_path / "clean.jsonl"
    code, _, err = run(
        "clean", "--model", model_path, dump, "-o", output, "--text-field", "body",
        "--url-field", "link",
    )  # fmt: skip
    assert code == 0, err
    cleaned = [json.loads(line)["body"] for line in output.read_text().splitlines()]
    assert cleaned == [clean(text, site=url, model=learned) for text, url in pages]
    assert "Impressum" not in cleaned[0]
    # The model runs first, so the site's repeated lines go with its reason.
    explained = clean_and_explain(pages[0][0], site=pages[0][1], model=learned)
    assert "boilerplate" in explained.by_filter()


def test_model_show_prints_the_learned_lines(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    write_dump(dump)
    model_path = tmp_path / "site.ncm"
    run("learn", dump, "-o", model_path, "--text-field", "body", "--url-field", "link")
    _, shown, _ = run("model", "show", model_path)
    assert "  6/6  Impressum" in shown
