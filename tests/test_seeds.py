"""The two real seed articles: what issue 2 asks of them, line by line."""

from __future__ import annotations

from newsclean import clean, clean_and_explain

from .conftest import seed_text

SEED_004 = "004_60661c1256006a19.txt"
SEED_000 = "000_4142ae1ab5c1ea5f.txt"


def test_seed_004_keeps_every_article_sentence() -> None:
    text = seed_text(SEED_004)
    out = clean(text).split("\n")
    body_start = text.index("Bei weiteren Angriffen")
    body_end = text.index("\ndpa\n")
    article = [line.strip() for line in text[body_start:body_end].split("\n") if line.strip()]
    assert "Kerry droht Moskau mit Abbruch der Syrien-Gespräche" in article  # the headline
    for line in article:
        assert line in out


def test_seed_004_drops_its_chrome_and_names_the_filter() -> None:
    result = clean_and_explain(seed_text(SEED_004))
    out = result.text.split("\n")
    removed = {r.text: (r.filter, r.detail) for r in result.removed}
    for chrome in ("+", "dpa", "Auch interessant", "Meistgelesene Artikel", "Kommentare"):
        assert chrome not in out
        assert chrome in removed
    assert removed["+"][0] == "patterns"
    assert removed["dpa"] == ("patterns", "agency: 'dpa'")
    assert removed["Kommentare"][0] == "sections"
    teaser_lines = [r for r in result.removed if "Otto Warmbier" in r.text]
    assert len(teaser_lines) == 3  # headline, teaser, headline again
    assert all(r.detail for r in result.removed)
    assert "Barbara Stamm" not in result.text
    assert "…" not in result.text


def test_seed_000_keeps_every_paragraph_and_subheading() -> None:
    text = seed_text(SEED_000)
    result = clean_and_explain(text)
    assert result.removed == ()
    assert result.text.startswith("Russland will seine Luftangriffe in Syrien fortsetzen")
    assert "date 2016-09" not in result.text
    for subheading in ("Ein deutlicher Seitenhieb", "Offenbar Bäckereien in Aleppo bombardiert"):
        assert subheading in result.text.split("\n")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    assert len(result.text.split("\n\n")) == len(paragraphs)
    assert [e.step for e in result.edits] == ["leading_metadata"]


def test_seeds_are_idempotent() -> None:
    for name in (SEED_000, SEED_004):
        once = clean(seed_text(name))
        assert clean(once) == once
