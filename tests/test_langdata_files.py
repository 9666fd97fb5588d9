"""Every shipped language file loads, compiles, and has the parts the filters rely on."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import regex

from newsclean import clean_and_explain, prepare
from newsclean.errors import ConfigError
from newsclean.filters.features import features
from newsclean.langdata import (
    CUE_CLASSES,
    PatternSet,
    _alternation,
    _compile,
    _Lazy,
    available_languages,
    compile_markers,
    load_language,
)
from newsclean.lines import line_key


def test_the_shipped_languages() -> None:
    assert set(available_languages()) >= {"de", "en", "fr", "es", "it", "pl", "nl"}


@pytest.mark.parametrize("code", available_languages())
def test_each_file_loads_and_compiles(code: str) -> None:
    data = load_language(code)
    assert data.code == code
    assert len(data.stopwords) >= 50, "stopword density needs a real stopword list"
    assert data.section_headings
    assert data.chrome_lines
    assert data.notice_words
    markers = compile_markers((code,))
    assert markers.language_patterns[code] is not None
    for heading in data.section_headings:
        assert markers.heading(line_key(heading)) is not None
    # Author headings are headings too, and open an author box.
    assert data.author_headings, "[sections] authors: the headings of author boxes"
    for heading in data.author_headings:
        assert markers.heading(line_key(heading)) == heading
        assert line_key(heading) in markers.author_headings


@pytest.mark.parametrize("code", ["common", *available_languages()])
def test_each_shipped_pattern_compiles(code: str) -> None:
    # The shipped files' patterns are not compiled when loaded (PatternSet compiles each
    # when first tried): this is their check. Each pattern compiles as matching compiles
    # it, and so does the core of each with a leading wildcard.
    data = load_language(code)
    by_reason = {reason: list(patterns) for reason, patterns in data.chrome_patterns.items()}
    for patterns in by_reason.values():
        for pattern in patterns:
            assert _compile(pattern).pattern == pattern
    for _, _, core, _ in PatternSet(by_reason).floating:
        assert _compile(core.pattern).pattern == core.pattern


def test_a_bad_pattern_of_a_users_file_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "yy.toml"
    path.write_text('[language]\ncode = "yy"\n\n[chrome_patterns]\nshare = ["Teilen(", "ok"]\n')
    with pytest.raises(ConfigError, match=r"chrome_patterns\.share has a bad pattern 'Teilen\('"):
        load_language(str(path))


def test_shipped_patterns_compile_when_first_tried_and_pickle_as_text() -> None:
    patterns = PatternSet({"share": [load_language("de").chrome_patterns["share"][0]]})
    lazy = patterns._each[0][2]
    assert isinstance(lazy, _Lazy)
    assert "fullmatch" not in vars(lazy)
    again = pickle.loads(pickle.dumps(patterns))
    assert isinstance(again._each[0][2], _Lazy)
    assert "fullmatch" not in vars(again._each[0][2])
    line = "Klicken Sie, um auf Facebook zu teilen"
    assert again.match(line) == patterns.match(line) == "share"
    assert again.match("Teilen") is patterns.match("Teilen") is None
    assert "fullmatch" in vars(patterns._each[0][2])  # compiled now: tried once
    # A pattern that is not a shipped one is compiled when the set is made (a bad one
    # fails there).
    with pytest.raises(regex.error):
        PatternSet({"share": ["Teilen(("]})


def test_all_languages_compile_together() -> None:
    markers = compile_markers(available_languages())
    assert set(markers.stopwords) == set(available_languages())
    assert markers.pattern is not None


@pytest.mark.parametrize(
    ("text", "chrome", "language"),
    [
        (
            "Le conseil municipal a adopté mardi le budget de la ville pour l'année prochaine "
            "après un long débat.",
            "Partager sur Facebook",
            "fr",
        ),
        (
            "El ayuntamiento aprobó el martes el presupuesto de la ciudad para el próximo año "
            "tras un largo debate.",
            "Compartir en Facebook",
            "es",
        ),
        (
            "Il consiglio comunale ha approvato martedì il bilancio della città per il "
            "prossimo anno dopo un lungo dibattito.",
            "Condividi su Facebook",
            "it",
        ),
        (
            "Rada miasta przyjęła we wtorek budżet na przyszły rok po długiej debacie, a "
            "opozycja nie była z tego zadowolona.",
            "Udostępnij na Facebooku",
            "pl",
        ),
        (
            "De gemeenteraad heeft dinsdag de begroting voor het komende jaar goedgekeurd na "
            "een lang debat in de raadszaal.",
            "Deel op Facebook",
            "nl",
        ),
    ],
)
def test_share_rows_go_in_each_language(text: str, chrome: str, language: str) -> None:
    result = clean_and_explain(f"{text}\n{chrome}")
    assert result.text == text
    assert [(r.text, r.filter) for r in result.removed] == [(chrome, "patterns")]
    doc = prepare(f"{text}\n{chrome}")
    assert features(doc, compile_markers(available_languages())).language == language


@pytest.mark.parametrize(
    "line",
    [
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.",
        "Diese Seite nutzt Cookies",
        "Bitte deaktivieren Sie Ihren Adblocker, um weiterzulesen.",
        "von Katrin Hoffmann am 14. März 2024, 15:40 Uhr",
        "Foto: dpa/Bernd Weißbrod",
        "Cookies sind kleine Textdateien, die im Browser gespeichert werden und vieles verraten",
        "x" * 90 + " verwenden Cookies",  # the phrase starts too late for the pattern
        "Der Stadtrat hat am Dienstag den Haushalt beschlossen.",
        "John Smith / Getty Images",
    ],
)
def test_compiled_patterns_match_exactly_what_the_whole_alternation_matches(line: str) -> None:
    markers = compile_markers(available_languages())
    for code in ("de", "en"):
        whole = _alternation((load_language("common"), load_language(code)))
        assert whole is not None
        expected = whole.fullmatch(line)
        got = markers.match_pattern(line, code)
        assert (got is None) == (expected is None), (code, line)


def test_cue_classes_load_from_the_data_files() -> None:
    german, english, common = (load_language(code) for code in ("de", "en", "common"))
    assert set(german.cue_words) == set(CUE_CLASSES)
    assert set(english.cue_words) == set(CUE_CLASSES)
    assert {"volontärin", "studierte", "branche"} <= german.cue_words["bio"]
    assert {"kostenlos", "abo", "jobbörse"} <= german.cue_words["promo"]
    assert "symbolbild" in german.cue_words["caption"]
    assert {"freelance", "studied"} <= english.cue_words["bio"]
    assert "getty" in common.cue_words["caption"]  # agencies belong to no language
    merged = compile_markers(("de", "en")).cue_words
    assert {"symbolbild", "getty", "caption"} <= merged["caption"]
    assert {"ich", "wir", "my"} <= merged["self"]
    # A cue word is one word of the normal form (a hyphenated one would split in two).
    for data in (german, english, common):
        for words in data.cue_words.values():
            assert all(" " not in word for word in words)


def test_an_unknown_cue_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text('[language]\ncode = "xx"\n\n[cues]\nboast = "best greatest"\n')
    with pytest.raises(ConfigError, match="no class 'boast'"):
        load_language(str(path))


# A possessive run of spaces cannot give back the space a following required one needs:
# "(?:Par|By)\s*+:?\s++Name" never matched "Par Jean Dupont" (only "Par : Jean"). Found:
# a possessive space run, then at most one optional character, class or group, then a
# required space.
_STARVED_SPACE = re.compile(r"\\s\*\+(?:\(\?:[^()]*\)\?|\[[^\]]*\]\?|[^\\\s(]\?)?\\s\+\+")


@pytest.mark.parametrize("code", ["common", *available_languages()])
def test_no_pattern_starves_a_required_space(code: str) -> None:
    data = load_language(code)
    for reason, patterns in data.chrome_patterns.items():
        for pattern in patterns:
            assert _STARVED_SPACE.search(pattern) is None, (reason, pattern)


@pytest.mark.parametrize(
    ("code", "byline", "not_a_byline"),
    [
        ("fr", "Par Jean Dupont et Marie Curie", "Par ailleurs, le gouvernement a annoncé"),
        ("es", "Por Ana de la Torre y Luis García", "Por la tarde llegó la lluvia"),
        ("it", "Di Mario Rossi", "Di recente"),
        ("nl", "Door Jan de Vries", "Door de regen"),
        ("pl", "Autorka Anna Nowak", "Autor tekstu nieznany"),
    ],
)
def test_bylines_match_with_or_without_a_colon(code: str, byline: str, not_a_byline: str) -> None:
    markers = compile_markers((code,))
    assert markers.match_pattern(byline, code) == "byline"
    lead, rest = byline.split(" ", 1)
    assert markers.match_pattern(f"{lead}: {rest}", code) == "byline"
    assert markers.match_pattern(not_a_byline, code) != "byline"
