"""Corpus mode, block heads: a site's learned line that heads other text than the article
on many pages takes that text with it (reader comments, teaser summaries)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import newsclean
from newsclean import Config, LineCounts, clean_and_explain, count, learn, prepare
from newsclean.layout import INLINE, MAIN, TEXT, observe, segments

from .invariants import check_accounting
from .test_corpus import FOOTER, MENU, STORIES

SITE = "https://www.stadtanzeiger.example/lokales/"
COMMENTS = [
    ("Anna K.", "Endlich passiert hier etwas, darauf warten wir in unserem Viertel seit Jahren."),
    (
        "Bernd",
        "Das Geld wäre in den Schulen besser angelegt gewesen als in diesem Prestigeprojekt.",
    ),
    (
        "M. Yilmaz",
        "Ich war gestern dort und fand die Stimmung am Abend wirklich sehr gut und entspannt.",
    ),
    (
        "Leserin67",
        "Wer soll das alles bezahlen, wenn die Stadt schon jetzt kaum Geld für die Bäder hat?",
    ),
    ("Kurt", "Schön geschrieben, aber die Zahlen im dritten Absatz stimmen so leider nicht ganz."),
    ("Jana", "Wir sind mit den Kindern hingefahren und würden es jederzeit wieder so machen."),
]
TEASERS = [
    (
        "Kita-Plätze: Stadt schafft hundert neue Plätze im Norden",
        "Bis zum Sommer sollen zwei neue Einrichtungen in den nördlichen Stadtteilen eröffnen.",
    ),
    (
        "Stadtfest: Programm für das Wochenende steht fest",
        "Auf drei Bühnen spielen in diesem Jahr vor allem Bands aus der Region und dem Umland.",
    ),
    (
        "Radweg an der Ringstraße wird ab Montag gesperrt",
        "Die Bauarbeiten dauern nach Angaben der Stadt voraussichtlich bis Ende des Monats an.",
    ),
]


MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni"]


def forum_page(story: int, *, comment: int | None = None, teaser: int | None = None) -> str:
    """A page of the site: menu, article, share row and topic line, maybe a reader comment
    under a fixed "Ihre Meinung" heading, maybe a teaser (headline and summary) under
    "Mehr aus der Region", footer."""
    title, first, second = STORIES[story]
    lines = [*MENU, "", title, "", first, "", second, "", "Drucken", "Seite empfehlen"]
    lines += [f"Themen: {title.split()[0]}", ""]
    if comment is not None:
        name, text = COMMENTS[comment]
        lines += ["Ihre Meinung", "Alle Beiträge anzeigen »", ""]
        lines += [f"{comment + 3}. {MONTHS[comment]} 2024, 18:04 Uhr", f"{name} schrieb:", text, ""]
    if teaser is not None:
        lines += ["Mehr aus der Region", *TEASERS[teaser], ""]
    return "\n".join([*lines, "Zurück nach oben", "", *FOOTER])


def forum_site() -> list[tuple[str, str | None]]:
    """Six pages; four carry a comment, four a teaser (today's: changing on every page)."""
    return [
        (forum_page(i, comment=i if i < 4 else None, teaser=i % 3 if i > 1 else None), f"{SITE}{i}")
        for i in range(6)
    ]


def test_a_block_head_takes_the_other_text_after_it_and_keeps_the_article() -> None:
    model = learn(forum_site())
    text = forum_page(5, comment=5, teaser=0)
    result = clean_and_explain(text, site=f"{SITE}neu", model=model)
    title, first, second = STORIES[5]
    assert result.text == f"{title}\n\n{first}\n\n{second}"
    lines = text.split("\n")
    by_text = {r.text: (r.filter, r.detail) for r in result.removed}
    head = lines.index("Alle Beiträge anzeigen »")
    # The comment goes as a block, and the reason names the learned line it follows.
    for gone in (COMMENTS[5][1], f"{COMMENTS[5][0]} schrieb:", "8. Juni 2024, 18:04 Uhr"):
        assert by_text[gone] == (
            "boilerplate",
            f"block after site line {head}, which heads other text than the article "
            "on 4 of 6 pages of stadtanzeiger.example",
        )
    # The teaser's summary is a sentence, so the lines between site lines stay for the
    # gap rule; the learned heading "Mehr aus der Region" heads it on every teaser page.
    teaser = lines.index("Mehr aus der Region")
    assert by_text[TEASERS[0][1]][1].startswith(f"block after site line {teaser},")
    assert lines[teaser] in model.describe()


def test_the_model_alone_removes_the_comment_block() -> None:
    model = learn(forum_site())
    text = forum_page(4, comment=5)
    result = clean_and_explain(text, site=SITE, model=model, config=Config(filters=()))
    kept = result.text.split("\n")
    assert COMMENTS[5][1] not in kept
    assert all(sentence in kept for sentence in STORIES[4])


def test_without_the_layout_pass_the_comment_stays() -> None:
    pages = forum_site()
    bare = count(pages).to_model()  # thresholded, no second pass: no layout counts
    assert not bare.sites["stadtanzeiger.example"].layout.any()
    text = forum_page(4, comment=5)
    assert COMMENTS[5][1] in newsclean.clean(text, site=SITE, model=bare)
    assert COMMENTS[5][1] not in newsclean.clean(text, site=SITE, model=learn(pages))


def test_a_block_head_needs_min_docs_pages() -> None:
    pages = [(forum_page(i, comment=i if i < 2 else None), f"{SITE}{i}") for i in range(6)]
    pages += [(forum_page(5, comment=5), f"{SITE}x")]  # three pages with comments
    text = forum_page(3, comment=3)
    assert COMMENTS[3][1] not in newsclean.clean(text, site=SITE, model=learn(pages))
    assert COMMENTS[3][1] in newsclean.clean(text, site=SITE, model=learn(pages[:-1]))


def test_the_largest_text_of_a_page_always_stays() -> None:
    model = learn(forum_site())
    long_comment = " ".join(text for _, text in COMMENTS[:4])  # longer than the article
    text = forum_page(4, comment=0).replace(COMMENTS[0][1], long_comment)
    result = clean_and_explain(text, site=SITE, model=model, config=Config(filters=()))
    assert long_comment in result.text.split("\n")
    assert all(sentence in result.text for sentence in STORIES[4][1:])


def test_the_learned_line_nearest_to_a_block_decides() -> None:
    model = learn(forum_site())
    long_comment = " ".join(text for _, text in COMMENTS[:4])
    text = forum_page(4, comment=0).replace(COMMENTS[0][1], long_comment)
    # A block head stands in the run above the article, but the menu below it heads the
    # article on the learned pages: the article stays, though it is not the largest text.
    text = "Alle Beiträge anzeigen »\n" + text
    result = clean_and_explain(text, site=SITE, model=model, config=Config(filters=()))
    assert all(sentence in result.text.split("\n") for sentence in STORIES[4])


def ad_page(story: int) -> str:
    """An article cut in two by a learned ad marker, near its end on every page."""
    title, first, second = STORIES[story]
    lines = [*MENU, title, f"{first} {second}", "ANZEIGE", second, "Zurück nach oben", *FOOTER]
    return "\n".join(lines)


def test_an_ad_marker_inside_the_article_is_no_block_head() -> None:
    pages = [(ad_page(i), f"{SITE}{i}") for i in range(6)]
    model = learn(pages)
    table = model.sites["stadtanzeiger.example"]
    row = table.keys.tolist().index(prepare("ANZEIGE").lines[0].key)
    assert table.layout[row].tolist() == [0, 0, 6]  # the article goes on after it
    result = clean_and_explain(ad_page(2), site=SITE, model=model, config=Config(filters=()))
    assert STORIES[2][2] in result.text.split("\n")
    assert [r.text for r in result.removed if r.detail.startswith("block")] == []


def test_layout_counts_do_not_depend_on_order_or_partitioning() -> None:
    pages = forum_site() + [(ad_page(i), f"{SITE}a{i}") for i in range(6)]
    whole = learn(pages)
    assert whole.sites["stadtanzeiger.example"].layout.any()
    shuffled = list(pages)
    random.Random(7).shuffle(shuffled)
    chunks = [shuffled[:5], shuffled[5:6], shuffled[6:]]
    counts = LineCounts()
    for chunk in chunks:
        counts.merge(count(chunk))
    model = counts.to_model()
    model = model.with_samples(*(model.find_samples(chunk) for chunk in reversed(chunks)))
    assert model.to_bytes() == whole.to_bytes()


def test_segments_and_roles_of_one_page() -> None:
    lines = prepare(forum_page(0, comment=0)).nonblank()
    texts = [line.text for line in lines]
    learned = {line.key for line in lines if line.text in (*MENU, "Ihre Meinung", *FOOTER)}
    cut = segments(lines, learned)
    assert [[texts[pos] for pos in segment.run] for segment in cut] == [
        MENU,
        ["Ihre Meinung"],
        FOOTER,
    ]
    assert [segment.role for segment in cut] == [MAIN, TEXT, 0]
    roles = observe(lines, learned)
    assert roles[lines[0].key] == MAIN
    assert roles[lines[texts.index("Ihre Meinung")].key] == TEXT
    assert lines[texts.index("Impressum")].key not in roles  # nothing follows the footer
    # Between two sentences, a learned line stands inline.
    inline = prepare("\n".join([STORIES[0][1], "ANZEIGE", STORIES[0][2]])).nonblank()
    assert observe(inline, {inline[1].key}) == {inline[1].key: INLINE}
    # A teaser after a reader comment is no continuation of the article.
    lines = prepare(forum_page(2, comment=2, teaser=1)).nonblank()
    texts = [line.text for line in lines]
    learned = {line.key for line in lines if line.text in ("Ihre Meinung", "Mehr aus der Region")}
    assert [s.role for s in segments(lines, learned)] == [MAIN, TEXT, TEXT]


def test_layout_counts_survive_the_model_file() -> None:
    model = learn(forum_site())
    loaded = newsclean.BoilerplateModel.from_bytes(model.to_bytes())
    table = loaded.sites["stadtanzeiger.example"]
    assert np.array_equal(table.layout, model.sites["stadtanzeiger.example"].layout)
    assert table.layout.dtype == np.uint32
    assert table.layout.shape == (len(table), 3)


FORUM_MODEL = learn(forum_site())
pieces = st.lists(
    st.sampled_from(
        [
            *(line for story in STORIES for line in story),
            *(text for _, text in COMMENTS),
            *(line for teaser in TEASERS for line in teaser),
            *MENU,
            *FOOTER,
            "Ihre Meinung",
            "Alle Beiträge anzeigen »",
            "Mehr aus der Region",
            "Drucken",
            "",
        ]
    ),
    max_size=30,
)


@given(pieces)
def test_cleaning_with_block_heads_keeps_the_invariants(lines: list[str]) -> None:
    text = "\n".join(lines)
    pipeline = newsclean.Pipeline.from_config(model=FORUM_MODEL)
    result = pipeline.explain(text, site="stadtanzeiger.example")
    check_accounting(text, result, pipeline)
    again = pipeline.explain(result.text, site="stadtanzeiger.example")
    assert (again.text, again.removed) == (result.text, ())
    # The model never empties a page that has body text: its largest text block stays.
    alone = clean_and_explain(text, site=SITE, model=FORUM_MODEL, config=Config(filters=()))
    sentences = [line for line in lines if len(line) > 60]
    if sentences:
        assert any(sentence in alone.text.split("\n") for sentence in sentences)
