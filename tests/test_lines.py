"""prepare(): line breaks, trimming, repair, keys."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys

import pytest
import regex

import newsclean.lines as lines_module
from newsclean import Pipeline, line_key, normalise_line, prepare
from newsclean.lines import looks_broken


def test_line_breaks_of_every_kind_become_lines() -> None:
    doc = prepare("eins\r\nzwei\rdrei\u2028vier\u2029fünf\x85sechs")
    assert doc.texts == ["eins", "zwei", "drei", "vier", "fünf", "sechs"]


def test_lines_are_trimmed_and_controls_removed() -> None:
    doc = prepare("  Ein\x00 Satz \t\n\u00a0Zweiter\x07 Satz\u00a0")
    assert doc.texts == ["Ein Satz", "Zweiter Satz"]


def test_lone_surrogates_become_replacement_characters() -> None:
    doc = prepare("kaputt \ud800 hier")
    assert doc.texts == ["kaputt \ufffd hier"]
    assert doc.lines[0].key != 0


def test_typography_survives() -> None:
    text = "„Wir haben lange gewartet“, sagte sie – 19\u00a0Minuten … später: 5 € für ‚alle‘."
    assert prepare(text).texts == [text]
    assert prepare(text, repair="always").texts == [text]


def test_mojibake_is_repaired_and_recorded() -> None:
    broken = "Die StraÃŸe war gesperrt, sagte der BÃ¼rgermeister â€“ bis Freitag."
    doc = prepare(broken)
    assert doc.texts == ["Die Straße war gesperrt, sagte der Bürgermeister – bis Freitag."]
    assert [(e.index, e.step) for e in doc.edits] == [(0, "repair")]


def test_repair_never_leaves_text_alone_when_asked() -> None:
    broken = "BÃ¼rgermeister"
    assert prepare(broken, repair="never").texts == [broken]


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("GrÃ¶ÃŸe", True),
        ("â€žZitatâ€œ", True),
        ("SÃ£o Paulo", True),
        ("São Paulo, Größe, café, naïve, „Zitat“ – 5 €", False),
        ("Ärger über Öl und Übermut", False),
    ],
)
def test_cheap_mojibake_check(text: str, broken: bool) -> None:
    assert looks_broken(text) is broken


def test_key_ignores_case_punctuation_spacing_and_digits() -> None:
    assert line_key("Auch interessant:") == line_key("  auch   INTERESSANT ")
    assert line_key("Seite 1 von 12") == line_key("Seite 3 von 45")
    assert line_key("Auch interessant") != line_key("Auch spannend")
    assert line_key("") == line_key("+++") == line_key("•") == 0


def test_key_is_unicode_aware() -> None:
    assert normalise_line("STRASSE") == normalise_line("Straße")  # case-folding, not lower()
    assert normalise_line("ｆｕｌｌ ｗｉｄｔｈ") == "full width"  # NFKC
    assert normalise_line("١٢٣ Zahlen") == "000 zahlen"  # any script's digits fold


def test_key_is_a_stable_64_bit_value() -> None:
    # Pinned: the key must be the same on every machine and in every release with the same
    # NORMALISER_VERSION, because saved corpus models store keys. The value is
    # xxh3_64(b"meistgelesene artikel"), the hash of the normal form.
    assert line_key("Meistgelesene Artikel:") == 0xFFE773646F0D5ED7


def test_keys_do_not_depend_on_the_hash_seed() -> None:
    code = "from newsclean import line_key; print(line_key('Meistgelesene Artikel'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1
    assert outputs == {f"{line_key('Meistgelesene Artikel')}\n"}


def test_whole_document_keys_match_line_by_line_keys() -> None:
    text = "Auch interessant:\nKerry droht Moskau – „mit Abbruch“\n\nSTRASSE 12\n+\nǅemal ﬁnal"
    doc = prepare(text)
    assert [line.key for line in doc] == [line_key(line.text) for line in doc]


def test_leading_metadata_is_cut_and_recorded() -> None:
    doc = Pipeline.from_config().prepare(
        " date 2016-09 Russland will seine Luftangriffe fortsetzen."
    )
    assert doc.texts == ["Russland will seine Luftangriffe fortsetzen."]
    assert [e.step for e in doc.edits] == ["leading_metadata"]


def test_a_date_that_is_the_whole_line_is_not_cut_to_nothing() -> None:
    doc = Pipeline.from_config().prepare("date 2016-09\nRussland will fortsetzen.")
    assert doc.texts == ["date 2016-09", "Russland will fortsetzen."]


@pytest.mark.parametrize(
    "text",
    [
        " date 2016-09 Russland will seine Luftangriffe fortsetzen.",
        "Titel\nStand: 2016-09-01 12:30 Der Text.\nStand 2016-09 text",
        "Titel\nDatum \u0662\u0660\u0661\u0666-\u0660\u0669 Der Text.\nCDU-Chef 12-3",
        "Titel\nDatum: 2016-09\nUpdated 1999-12-31T23:59 \u201eZitat\u201c",
        "GrÃ¶ÃŸe\nStand: 2016-09 Der Text.\nPublished 2020-01-02 Then",
    ],
)
def test_leading_metadata_skip_of_dateless_pages_changes_nothing(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # prepare() skips the search on pages where kernel.p_may_date finds no ISO date (the
    # language data's pattern needs one): the same lines and edits as without the skip.
    pipeline = Pipeline.from_config()
    pattern = pipeline._markers.metadata_prefix
    assert pattern is not None
    assert lines_module._DATED.get(id(pattern)) is pattern
    for variant in (text, text.replace("-", "\u2013"), text + "\n" + text.upper()):
        skipped = pipeline.prepare(variant)
        with monkeypatch.context() as patch:
            patch.setattr(lines_module, "_DATED", {})
            searched = pipeline.prepare(variant)
        assert skipped.lines == searched.lines
        assert skipped.edits == searched.edits


def test_copied_markers_keep_the_metadata_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    # dated_pattern() registers a pattern object; a pickled or copied Markers holds another
    # object, which registers itself when unpickled (a process that never built the
    # markers knows no pattern: the registry is emptied to stand for one).
    markers = Pipeline.from_config()._markers
    own = dataclasses.replace(markers, metadata_prefix=regex.compile(r"Stand: \d+ "))
    for original, dated in ((markers, True), (own, False)):
        pickled = pickle.dumps(original)
        monkeypatch.setattr(lines_module, "_DATED", {})
        copied = pickle.loads(pickled)
        assert copied.metadata_prefix is not None
        # A pattern never said to be dated is not registered by a copy.
        assert lines_module.is_dated(copied.metadata_prefix) is dated
        assert copied.metadata_prefix.pattern == original.metadata_prefix.pattern


def test_pipeline_unpickled_in_a_new_process_skips_dateless_pages(tmp_path) -> None:
    # What a Dask worker or a spawned process gets: the pipeline's pattern is registered
    # there too, so the search is skipped on pages without a date.
    path = tmp_path / "pipeline.pickle"
    path.write_bytes(pickle.dumps(Pipeline.from_config()))
    code = (
        "import pickle, sys\n"
        "from newsclean import lines\n"
        "p = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "print(lines.is_dated(p._markers.metadata_prefix))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "True"
