"""The shortcuts of the speed work give exactly what the plain paths give.

Each shortcut is compared with the code it replaces, on the dev pages (when present) and
on hypothesis-generated pages and hostile Unicode.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Config, Pipeline, replay
from newsclean.lines import NORMS, Doc, prepare_kept

from .conftest import dev_texts
from .strategies import any_text

PIPELINES = {
    repair: Pipeline.from_config(dataclasses.replace(Config(), repair=repair))
    for repair in ("auto", "always", "never")
}


def _state(doc: Doc) -> tuple[object, ...]:
    return tuple(doc.lines), doc.edits, doc.site, doc.cache[NORMS]


def _check_prepare_kept(pipeline: Pipeline, text: str, removed: set[int]) -> bool:
    """prepare_kept() equals preparing the joined kept text; True if it took the shortcut."""
    doc = pipeline.prepare(text, site="example.org")
    kept = prepare_kept(doc, removed)
    if kept is None:
        assert doc.edits  # the shortcut is refused only where prepare() changed something
        return False
    joined = replay([line.text for line in doc.lines], [_Gone(i) for i in removed])
    assert _state(kept) == _state(pipeline.prepare(joined, site="example.org"))
    return True


class _Gone:
    def __init__(self, index: int) -> None:
        self.index = index


@pytest.mark.slow
def test_prepare_kept_equals_preparing_the_joined_text_on_the_dev_pages() -> None:
    shortcuts = 0
    for number, text in enumerate(dev_texts()):
        pipeline = PIPELINES[("auto", "always", "never")[number % 3]]
        doc = pipeline.prepare(text)
        nonblank = [line.index for line in doc.lines if line.text]
        for step in (2, 3, 7):  # different removal patterns: alternate lines, sparse, blocks
            removed = set(nonblank[number % step :: step])
            shortcuts += _check_prepare_kept(pipeline, text, removed)
        shortcuts += _check_prepare_kept(pipeline, text, set(nonblank))  # everything removed
    assert shortcuts > len(dev_texts())  # the shortcut is taken on most pages


@given(any_text, st.sets(st.integers(0, 60)), st.sampled_from(sorted(PIPELINES)))
def test_prepare_kept_equals_preparing_the_joined_text(
    text: str, removed: set[int], repair: str
) -> None:
    _check_prepare_kept(PIPELINES[repair], text, removed)
