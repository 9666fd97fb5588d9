"""Corpus mode: site keys, the additive counter, thresholds, and the model as a filter."""

from __future__ import annotations

import pickle
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsclean
from newsclean import BoilerplateModel, Config, LineCounts, clean_and_explain, count, learn
from newsclean import corpus as corpus_module
from newsclean.corpus import GLOBAL_SITE, pairs_from_records, site_of

MENU = ["Startseite", "Politik", "Wirtschaft", "Kultur", "Sport"]
FOOTER = ["Impressum", "Datenschutz", "© Neue Rundschau 2024 – Alle Rechte vorbehalten."]
STORIES = [
    (
        "Stadtrat beschließt neuen Haushalt",
        "Der Stadtrat hat am Mittwochabend nach langer Debatte den Haushalt für das kommende Jahr beschlossen.",
        "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Zuschüssen für Sportvereine.",
    ),
    (
        "Hochwasser an der Elbe erreicht Höchststand",
        "Der Pegel in Dresden ist in der Nacht auf mehr als sechs Meter gestiegen, teilte die Stadt mit.",
        "Die Feuerwehr hat entlang des Ufers Sandsäcke verteilt und mehrere Straßen vorsorglich gesperrt.",
    ),
    (
        "Neue Straßenbahnlinie nimmt Betrieb auf",
        "Nach drei Jahren Bauzeit fährt die neue Linie seit Montag im Zehn-Minuten-Takt durch den Westen.",
        "Die Verkehrsbetriebe rechnen mit täglich rund zwanzigtausend Fahrgästen auf der neuen Strecke.",
    ),
    (
        "Museum zeigt Werke von Käthe Kollwitz",
        "Die Ausstellung versammelt mehr als hundert Zeichnungen und Drucke aus allen Schaffensphasen der Künstlerin.",
        "Sie ist bis Ende März zu sehen, der Eintritt ist für Schülerinnen und Schüler an Wochentagen frei.",
    ),
    (
        "Bäckerei schließt nach hundert Jahren",
        "Der Familienbetrieb in der Altstadt findet keinen Nachfolger und schließt zum Jahresende seine Türen.",
        "Viele Stammkunden haben sich in den vergangenen Tagen mit Briefen und Blumen verabschiedet.",
    ),
    (
        "Schwimmbad öffnet nach Sanierung wieder",
        "Nach zwei Jahren Umbau können Besucher ab Samstag wieder die Becken und die neue Sauna nutzen.",
        "Die Kosten der Sanierung lagen mit elf Millionen Euro deutlich über der ursprünglichen Planung.",
    ),
]


def page(story: int, *, teasers: tuple[int, ...] = (), extra: tuple[str, ...] = ()) -> str:
    """A `full`-style page of the site: menu, article, a teaser block, footer."""
    title, first, second = STORIES[story]
    lines = [*MENU, "", title, "", first, "", second, "", "Mehr zum Thema"]
    lines += [*(STORIES[i][0] for i in teasers), *extra]
    lines += ["Zurück nach oben", "", *FOOTER]
    return "\n".join(lines)


def site_pages(site: str = "https://www.rundschau.example/lokal/") -> list[tuple[str, str | None]]:
    """Six pages of one site; each teases the next story (so no headline is learned)."""
    n = len(STORIES)
    return [(page(i, teasers=((i + 1) % n,)), f"{site}{i}") for i in range(n)]


# -- site_of -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_site", "expected"),
    [
        ("https://www.Spiegel.de/politik/a-1.html", "spiegel.de"),
        ("http://user:pw@www2.example.org:8080/x?y=1#z", "example.org"),
        ("blogs.wsj.com/brussels/tag/roma", "blogs.wsj.com"),
        ("bbc.co.uk", "bbc.co.uk"),
        ("http://web.archive.org/web/2018id_/http://www.zeit.de/a/b", "zeit.de"),
        ("https://web.archive.org/web/", "web.archive.org"),
        ("Example.COM.", "example.com"),
        ("wwwexample.com", "wwwexample.com"),
        ("http://[::1", "http://[::1"),
        ("   ", GLOBAL_SITE),
        (None, GLOBAL_SITE),
    ],
)
def test_site_of_reduces_urls_and_hosts(given_site: str | None, expected: str) -> None:
    assert site_of(given_site) == expected
    assert site_of(site_of(given_site)) == expected


# -- counting ------------------------------------------------------------------------------


def test_counts_are_document_frequencies_per_site() -> None:
    counts = count(
        [
            ("Teilen\nEin Satz über den Rat.\nTeilen\nTEILEN:", "https://www.a.example/1"),
            ("Teilen\nEin anderer Satz.", "a.example"),
            ("Teilen", "b.example"),
            ("Teilen", None),
        ]
    )
    assert counts.docs() == 4
    assert counts.docs("a.example") == 2
    assert counts.count("teilen", "a.example") == 2  # three times on page 1 counts once
    assert counts.count("Teilen", "https://b.example/x") == 1
    assert counts.count("Teilen", None) == 1
    assert counts.count("Ein Satz über den Rat.", "a.example") == 1
    assert counts.count("Nie gesehen", "a.example") == 0
    assert counts.sites() == [GLOBAL_SITE, "a.example", "b.example"]


texts = st.lists(
    st.sampled_from(
        ["Teilen", "TEILEN:", "Impressum", "Alle Rechte vorbehalten.", "Ein Satz.", "ein satz", ""]
    ),
    max_size=6,
).map("\n".join) | st.text(max_size=60)
sites = st.sampled_from([None, "a.example", "https://www.a.example/x", "b.example", "c.example"])
corpora = st.lists(st.tuples(texts, sites), max_size=14)


@given(corpora, corpora)
def test_counts_add_up(a: list[tuple[str, str | None]], b: list[tuple[str, str | None]]) -> None:
    assert count(a) + count(b) == count(a + b)


@given(corpora, st.randoms(use_true_random=False), st.integers(1, 4))
def test_model_file_does_not_depend_on_order_or_partitioning(
    pages: list[tuple[str, str | None]], rnd: random.Random, parts: int
) -> None:
    whole = learn(pages, min_docs=2, min_share=0.3, min_sites=2)
    shuffled = list(pages)
    rnd.shuffle(shuffled)
    cuts = sorted(rnd.randint(0, len(shuffled)) for _ in range(parts - 1))
    chunks = [shuffled[i:j] for i, j in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
    counts = LineCounts()
    for chunk in reversed(chunks):
        counts.merge(pickle.loads(pickle.dumps(count(chunk))))
    model = counts.to_model(min_docs=2, min_share=0.3, min_sites=2)
    model = model.with_samples(*(model.find_samples(chunk) for chunk in chunks))
    assert model.to_bytes() == whole.to_bytes()


def test_buffered_keys_are_merged_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = site_pages() * 3
    expected = count(pages)
    monkeypatch.setattr(corpus_module, "_FLUSH_EVERY", 5)
    batched = count(pages)
    assert batched == expected
    assert batched.count("Impressum", "rundschau.example") == 18


def test_memory_is_numpy_arrays_not_python_objects() -> None:
    counts = count(site_pages())
    keys, numbers = counts.table("rundschau.example")
    assert keys.dtype.name == "uint64"
    assert numbers.dtype.name == "uint32"
    assert list(keys) == sorted(set(keys))
    assert counts.nbytes == 12 * counts.distinct
    assert not keys.flags.writeable


def test_a_counter_pickles_with_its_buffer() -> None:
    counts = LineCounts()
    counts.add("Teilen\nEin Satz.", "a.example")  # still in the buffer
    clone = pickle.loads(pickle.dumps(counts))
    assert clone == counts
    assert clone.count("Teilen", "a.example") == 1


# -- thresholds and the model --------------------------------------------------------------


def test_learns_site_chrome_and_keeps_the_article() -> None:
    model = learn(site_pages())
    fresh = "Feuerwehr rettet Katze vom Kirchturm"
    text, url = page(0, teasers=(3,), extra=(fresh,)), "https://rundschau.example/neu"
    result = clean_and_explain(text, site=url, model=model)
    title, first, second = STORIES[0]
    assert result.text == f"{title}\n\n{first}\n\n{second}"
    by_text = {r.text: (r.filter, r.detail) for r in result.removed}
    assert by_text["Impressum"] == (
        "boilerplate",
        "site line: on 6 of 6 pages of rundschau.example",
    )
    # Today's teaser headlines are new; they sit between learned lines.
    assert by_text[STORIES[3][0]][1] == "between site lines 12 and 15, no sentence"
    assert by_text[fresh][1] == "between site lines 12 and 15, no sentence"
    # The heading of the teaser block is left to the sections filter, which knows it.
    assert by_text["Mehr zum Thema"][0] == "sections"


def test_thresholds_min_docs_and_min_share() -> None:
    pages = [
        (f"Kopfzeile\n{STORIES[i][1]}" + ("\nSonderseite" if i < 2 else ""), "x.example")
        for i in range(6)
    ]
    assert len(learn(pages, min_docs=2, min_share=0.3).sites["x.example"]) == 2
    assert len(learn(pages, min_docs=2, min_share=0.5).sites["x.example"]) == 1
    assert len(learn(pages, min_docs=3, min_share=0.1).sites["x.example"]) == 1
    # A site with fewer pages than min_docs learns nothing.
    assert "x.example" not in learn(pages[:2], min_docs=3, min_sites=0).sites


def test_repeats_inside_one_page_are_not_site_chrome() -> None:
    pages = [(f"Teilen\nTeilen\nTeilen\n{STORIES[i][1]}", "x.example") for i in range(1)]
    pages += [(STORIES[i][1], "x.example") for i in range(1, 6)]
    model = learn(pages, min_docs=2, min_share=0.1)
    assert len(model) == 0


def one_page_per_site(*head: str) -> list[tuple[str, str | None]]:
    """Six sites with one page each: ``head`` lines, a story sentence, a copyright line."""
    return [
        ("\n".join([*head, STORIES[i][1], "Alle Rechte vorbehalten."]), f"https://s{i}.example/")
        for i in range(6)
    ]


def test_cross_site_lines_are_chrome_everywhere_but_not_between_sentences() -> None:
    pages = one_page_per_site()
    model = learn(pages, min_sites=5)
    assert len(model.everywhere) == 1
    unseen = f"{STORIES[0][1]}\nAlle Rechte vorbehalten."
    result = clean_and_explain(unseen, site="other.example", model=model, config=Config(filters=()))
    assert [(r.text, r.detail) for r in result.removed] == [
        ("Alle Rechte vorbehalten.", "cross-site line: on 6 sites")
    ]
    between = f"{STORIES[0][1]}\nAlle Rechte vorbehalten.\n{STORIES[1][1]}"
    assert clean_and_explain(between, model=model, config=Config(filters=())).removed == ()
    assert learn(pages, min_sites=7).everywhere.keys.size == 0
    assert learn(pages, min_sites=0).everywhere.keys.size == 0


def test_cross_site_lines_go_only_outside_the_body() -> None:
    model = learn(one_page_per_site("Mehr erfahren", "OK"), min_sites=5)
    assert len(model.everywhere) == 3
    text = "\n".join(
        [
            "Mehr erfahren",
            STORIES[2][1],
            "Mehr erfahren",  # a button among the paragraphs: the filters see it, not the model
            "Die Reaktionen",
            STORIES[2][2],
            "„Und jetzt?“, fragte ein Fahrgast am Bahnsteig. Die Antwort des Schaffners:",
            "– „Ok.“",  # dialogue after the last sentence: a one-word sentence stays
            "Alle Rechte vorbehalten.",
        ]
    )
    result = clean_and_explain(text, site="neu.example", model=model, config=Config(filters=()))
    assert [(r.index, r.detail) for r in result.removed] == [
        (0, "cross-site line: on 6 sites"),
        (7, "cross-site line: on 6 sites"),
    ]


def test_a_gap_with_a_sentence_stays() -> None:
    model = learn(site_pages())
    body = STORIES[1][1]
    text = "\n".join(["Zurück nach oben", "Eine kurze Zeile", body, "Impressum"])
    result = clean_and_explain(
        text, site="rundschau.example", model=model, config=Config(filters=())
    )
    assert [r.text for r in result.removed] == ["Zurück nach oben", "Impressum"]


def test_pages_without_a_site_form_one_global_site() -> None:
    pages = [(text, None) for text, _ in site_pages()]
    model = learn(pages, min_sites=0)
    assert list(model.sites) == [GLOBAL_SITE]
    cleaned = newsclean.clean(page(2), model=model, config=Config(filters=()))
    assert "Impressum" not in cleaned
    assert STORIES[2][1] in cleaned


def test_model_pickles_and_cleans_identically() -> None:
    model = learn(site_pages())
    clone = pickle.loads(pickle.dumps(model))
    text = page(1, teasers=(0,))
    assert newsclean.clean(text, site="rundschau.example", model=clone) == newsclean.clean(
        text, site="rundschau.example", model=model
    )
    assert clone == model


def test_learn_reads_twice_so_refuses_a_one_shot_iterator() -> None:
    with pytest.raises(TypeError, match=r"re-iterable"):
        learn(iter(site_pages()))


def test_bad_thresholds_are_config_errors() -> None:
    counts = count(site_pages())
    for bad in ({"min_docs": 1}, {"min_share": 1.5}, {"min_sites": -1}):
        with pytest.raises(newsclean.ConfigError):
            counts.to_model(**bad)  # type: ignore[arg-type]


def test_samples_are_the_shortest_text_of_a_key() -> None:
    pages = [
        ("Alle Rechte vorbehalten.\nA eins.", "x.example"),
        ("ALLE RECHTE VORBEHALTEN\nB zwei.", "x.example"),
        ("Alle Rechte vorbehalten.\nC drei.", "x.example"),
    ]
    model = learn(pages, min_docs=2, min_share=0.5, min_sites=0)
    assert model.sites["x.example"].samples == ("ALLE RECHTE VORBEHALTEN",)


def test_records_give_pairs_with_configurable_fields() -> None:
    records = [
        {"body": "Teilen\nEin Satz.", "link": "https://www.a.example/1"},
        {"body": None, "link": "https://a.example/2"},
        {"body": "Teilen", "link": 7},
    ]
    pairs = list(pairs_from_records(records, text_field="body", url_field="link"))
    assert pairs == [("Teilen\nEin Satz.", "https://www.a.example/1"), ("Teilen", None)]
    counts = corpus_module.count_records(records, text_field="body", url_field="link")
    assert counts.docs() == 2
    assert counts.docs("a.example") == 1
    assert next(iter(pairs_from_records(records, text_field="body", url_field=None)))[1] is None


def test_model_is_a_filter() -> None:
    model = learn(site_pages())
    assert isinstance(model, newsclean.Filter)
    assert model.name == "boilerplate"
    assert isinstance(model, BoilerplateModel)


def test_learn_records_matches_learn_on_pairs() -> None:
    pages = site_pages()
    records = [{"body": text, "link": url, "id": i} for i, (text, url) in enumerate(pages)]
    model = corpus_module.learn_records(records, text_field="body", url_field="link")
    assert model.to_bytes() == learn(pages).to_bytes()
    with pytest.raises(TypeError, match=r"twice"):
        corpus_module.learn_records(iter(records))


@given(corpora, st.integers(1, 5))
def test_thresholding_key_ranges_apart_gives_the_whole_model(
    pages: list[tuple[str, str | None]], parts: int
) -> None:
    counts = count(pages)
    whole = counts.to_model(min_docs=2, min_share=0.3, min_sites=2)
    pieces = [part.to_model(min_docs=2, min_share=0.3, min_sites=2) for part in counts.split(parts)]
    assert BoilerplateModel.combine(pieces).to_bytes() == whole.to_bytes()
    assert sum(part.distinct for part in counts.split(parts)) == counts.distinct
