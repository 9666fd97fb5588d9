"""Every shipped language file loads, compiles, and has the parts the filters rely on."""

from __future__ import annotations

import pytest

from newsclean import clean_and_explain, prepare
from newsclean.filters.features import features
from newsclean.langdata import available_languages, compile_markers, load_language
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
