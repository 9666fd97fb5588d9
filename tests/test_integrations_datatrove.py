"""The datatrove step: NewscleanFormatter in a datatrove pipeline (skipped without datatrove)."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

import pytest

import newsclean

from .test_integrations import PAGE, REVIEW, SITE_LINE, SiteLines

HINT = 'the datatrove step needs pip install "newsclean[datatrove]"'
data = pytest.importorskip("datatrove.data", reason=HINT)
executor = pytest.importorskip("datatrove.executor", reason=HINT)
writers = pytest.importorskip("datatrove.pipeline.writers", reason=HINT)

from newsclean.integrations.datatrove import NewscleanFormatter  # noqa: E402  # after the skip


def test_datatrove_formatter_in_a_local_pipeline(tmp_path: Path) -> None:
    docs = [
        data.Document(text=text, id=str(i), metadata={"url": url})
        for i, (text, url) in enumerate(
            [(PAGE, "https://example.org/a"), (PAGE, "https://other.net/b"), (REVIEW, None)]
        )
    ]
    step = NewscleanFormatter(model=SiteLines("example.org", SITE_LINE), removed_key="removed")
    executor.LocalPipelineExecutor(
        pipeline=[docs, step, writers.JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    [output] = (tmp_path / "out").glob("*.jsonl.gz")
    with gzip.open(output, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    assert [row["id"] for row in rows] == ["0", "1", "2"]
    assert SITE_LINE not in rows[0]["text"].splitlines()
    assert SITE_LINE in rows[1]["text"].splitlines()
    assert rows[2]["text"] == newsclean.clean(REVIEW)
    assert rows[0]["metadata"]["removed"] == rows[1]["metadata"]["removed"] + 1
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    # datatrove writes a metric seen once as a bare number, otherwise as a summary dict.
    counted = {
        key: value["total"] if isinstance(value, dict) else value
        for entry in stats
        for key, value in entry["stats"].items()
    }
    assert counted["lines_removed"] == sum(row["metadata"]["removed"] for row in rows)
    assert counted["removed_by_site_lines"] == 1


def test_datatrove_format_is_clean() -> None:
    step = NewscleanFormatter(config=newsclean.Config(filters=("patterns",)))
    assert step.format(PAGE) == newsclean.clean(PAGE, config=step.config)
    assert pickle.loads(pickle.dumps(step)).format(PAGE) == step.format(PAGE)
