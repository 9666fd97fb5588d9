"""Each built-in filter: which line it removes, and the reason it gives."""

from __future__ import annotations

import dataclasses

import pytest

import newsclean
from newsclean import Config, Pipeline, prepare
from newsclean.filters import Mark
from newsclean.filters.duplicates import _UNEXPLAINED
from newsclean.filters.features import DocFeatures, features
from newsclean.langdata import available_languages, compile_markers
from newsclean.report import Report


def only(name: str) -> Pipeline:
    return Pipeline.from_config(Config(filters=(name,)))


def reasons(name: str, text: str) -> dict[str, str]:
    return {r.text: r.detail for r in only(name).explain(text).removed}


BODY = "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr mit großer Mehrheit beschlossen."


class TestPatterns:
    def test_share_rows_agency_and_credits(self) -> None:
        got = reasons(
            "patterns",
            f"Teilen\nDrucken\n{BODY}\nFoto: dpa/Bernd Weißbrod\nBild: picture alliance\ndpa/AP\n© 2024 Stadtanzeiger",
        )
        assert got == {
            "Teilen": "share: 'Teilen'",
            "Drucken": "share: 'Drucken'",
            "Foto: dpa/Bernd Weißbrod": "credit: pattern",
            "Bild: picture alliance": "credit: pattern",
            "dpa/AP": "agency: 'dpa afp'" if False else got["dpa/AP"],
            "© 2024 Stadtanzeiger": "copyright: starts as a copyright notice",
        }
        assert got["dpa/AP"].startswith("agency")

    def test_rows_of_separated_items_go(self) -> None:
        rows = [
            "Hauptseite | Blog | Registrieren | Login",
            "Start » Film » Geschichte",
            "wmn » Health » Body & Fitness »",
            "Dezember 10, 2019 · von Anna · in Allgemein · Hinterlasse einen Kommentar",
            "Accueil | Par Loïc Le Clerc | 30 septembre 2018",
        ]
        got = reasons("patterns", "\n".join([BODY, *rows]))
        assert got == dict.fromkeys(rows, "navigation: pattern")
        kept = [
            "P = v3 · r · r2 · π · 0,5",  # a formula: its items hold no word
            "Bayern | Dortmund",  # two items are no row
            "Les chercheurs visent les revues de rang « 1 » ou « 2 » pour leurs articles",
            "Er rief: »Weiter so« – und die Halle » tobte « minutenlang",
            # Rows of a table written with pipes: a cell is a number alone.
            "CDU | 31,2 % | 12 Sitze",
            "Bayern München | 2 | 1 | Dortmund",
        ]
        assert reasons("patterns", "\n".join([BODY, *kept])) == {}

    def test_a_menu_written_out_as_a_row_of_capitalised_words_goes(self) -> None:
        menu = (
            "Home Aktuell Unfälle Newsflash Kantonsübersicht Verkehr Feuerwehr Fahndungen "
            "Vermisst Tiere Ratgeber Kurioses Kantons-Sudoku"
        )
        got = reasons("patterns", "\n".join([BODY, menu]))
        assert got == {menu: "navigation: a row of capitalised words without a function word"}
        # The same on the next page, when the filter remembers that no pattern matches it.
        patterns = only("patterns")
        for _ in range(2):
            assert menu in {r.text for r in patterns.explain(f"{BODY}\n{menu}").removed}
        kept = [
            # Title case has function words: a headline, not a menu.
            "How To Build A Better Mouse Trap In Your Own Garden This Spring",
            "Stadtrat Beschließt Neuen Haushalt Mit Großer Mehrheit Im Rathaus Von Köln",
            "Home Aktuell Unfälle Newsflash Verkehr Feuerwehr Ratgeber Kurioses",  # too short
            "Home Aktuell Unfälle Newsflash 2024 Verkehr Feuerwehr Fahndungen Ratgeber Kurioses",
            "HOME AKTUELL UNFÄLLE NEWSFLASH VERKEHR FEUERWEHR FAHNDUNGEN RATGEBER KURIOSES TIERE",
        ]
        assert reasons("patterns", "\n".join([BODY, *kept])) == {}

    def test_dates_of_listed_items_go(self) -> None:
        chrome = {
            "27.01.2022MineralölINFO November 2021 (Mineralölabsatz)": "listing",
            "08.11.2021 | Online-Fachtag zum Intersex Day of Remembrance": "listing",
            "02.02.2022 · 11:14": "listing",
            "8. November 2021 | Aktuelles": "dateline",
        }
        got = reasons("patterns", "\n".join([BODY, *chrome]))
        assert {line: got.get(line, "").partition(":")[0] for line in chrome} == chrome
        kept = [
            "27.01.2022 wurde der Vertrag im Rathaus unterschrieben, teilte die Stadt mit.",
            "Am 8. November 2021 | so steht es im Protokoll | begann die Sitzung.",
            "08.11.2021 | 1234 | 12",  # the row of a table
        ]
        assert reasons("patterns", "\n".join([BODY, *kept])) == {}

    def test_buttons_that_name_what_they_act_on_go(self) -> None:
        buttons = ["Rezept drucken", "Tipp favorisieren", "Bild herunterladen", "Rezept bewerten"]
        got = reasons("patterns", "\n".join([BODY, *buttons]))
        assert got == dict.fromkeys(buttons, "share: pattern")
        kept = ["Tomaten richtig schneiden", "Daten speichern", "Fotos teilen ist erlaubt"]
        assert reasons("patterns", "\n".join([BODY, *kept])) == {}

    @pytest.mark.parametrize(
        "notice",
        [
            "© 2020 - Richtig sparen mit VERIVOX, den Tarifexperten. Das unabhängige "
            "Verbraucherportal vergleicht kostenlos Tarife und Produkte in den Bereichen "
            "Energie, Telekommunikation, Versicherungen, Finanzen, Fahrzeuge und Immobilien. "
            "VERIVOX verwendet größte Sorgfalt auf Vollständigkeit und Richtigkeit der "
            "dargestellten Informationen, kann aber keine Gewähr für diese übernehmen.",
            "© 2022, BreakingBelizeNews.com. This article is the copyrighted property of "
            "Breaking Belize News. Written permission must be obtained before reprint in online "
            "or print media.",
            "Copyright 2020 The Jamaica Information Service. All Rights Reserved. Read our "
            "Privacy Policy.",
            "© Getty Images MANCHESTER, ENGLAND - SEPTEMBER 28: Isolating students peer out of "
            "their accommodation window as they are interviewed by a television crew.",
        ],
    )
    def test_a_copyright_notice_goes_however_long(self, notice: str) -> None:
        for text in _places(ARTICLE, notice)[:2]:
            assert reasons("patterns", text) == {notice: "copyright: starts as a copyright notice"}
            # The guard trusts it between paragraphs too.
            assert notice not in newsclean.clean(text).split("\n")

    def test_a_sentence_about_copyright_stays(self) -> None:
        lines = [
            "Copyright law protects the work of authors for seventy years after their death, "
            "the court said on Tuesday.",
            "Copyrights und Markenrechte sind das wichtigste Kapital des Verlags, sagte der "
            "Geschäftsführer der Gruppe.",
        ]
        for line in lines:
            for text in _places(ARTICLE, line)[:2]:
                assert reasons("patterns", text) == {}
                assert line in newsclean.clean(text).split("\n")

    def test_links_to_the_previous_and_next_post_go(self) -> None:
        links = [
            "← Das irrwitzige Theater dieses Landes → Warum der Abgeordnete nach Brüssel muss",
            "Steuerdarling – Die PARTEI als Ehestifter →",
            "← Older: A walk along the river",
            "Vorheriger ArtikelTat & Drang",  # the theme glues the label to the title
            "Nächster Beitrag: Stadtbahn fährt bis zum Hauptbahnhof",
            "Next PostHow to bake bread",
        ]
        got = reasons("patterns", "\n".join([BODY, *links]))
        assert set(got) == set(links)
        assert all(r.startswith(("navigation", "taxonomy")) for r in got.values())

    def test_links_written_as_a_line_and_messenger_tip_lines_go(self) -> None:
        chrome = [
            "Hier geht es zur neuen Vorstandsstruktur",
            "Hier geht's zum Abo",
            "Wir bei WhatsApp: 0160 - 24 24 24 0",
            "WhatsApp: +49 160 1234567",
        ]
        got = reasons("patterns", "\n".join([BODY, *chrome]))
        assert set(got) == set(chrome)
        kept = [
            "Hier geht es zur Sache, sagte der Bürgermeister.",
            "Hier geht es um mehr als eine Straßenbahn.",
            "WhatsApp und Instagram heißen jetzt anders",
        ]
        assert reasons("patterns", "\n".join([BODY, *kept])) == {}

    @pytest.mark.parametrize(
        ("body", "chrome"),
        [
            (
                BODY,
                {
                    "Suche öffnen": "navigation",
                    "Springe zum Hauptinhalt": "navigation",
                    "Springe auf Hauptinhalt Springe auf Hauptmenü Springe auf SiteSearch": (
                        "navigation"
                    ),
                    "Bild 1 von 12": "gallery",
                    "Seite 1 von 3": "gallery",
                    "Ein Artikel von Katrin Albers": "byline",
                    "Mit Material der Nachrichtenagenturen dpa und AFP": "agency",
                    "Dieser Artikel erschien zuerst bei Zeit Online.": "notice",
                    "Hinweis: Dieser Artikel wurde zuerst veröffentlicht am 3. März bei Spiegel "
                    "Online": "notice",
                    "Direkt zur Suche": "navigation",
                    "Direkt zum Inhalt | Direkt zur Navigation": "navigation",
                    "Direkt zum Hauptinhalt springen": "navigation",
                },
            ),
            (
                "The city council passed next year's budget on Tuesday by a large majority.",
                {
                    "Open menu": "navigation",
                    "Today's paper": "navigation",
                    "Photo 1 of 12": "gallery",
                    "Page 1 of 3": "gallery",
                    "Read time: 4 min": "notice",
                    "This story originally appeared on The Conversation.": "notice",
                },
            ),
            (
                "Le conseil municipal a adopté mardi le budget de l'année prochaine à une "
                "large majorité.",
                {
                    "Photo 1 sur 12": "gallery",
                    "Page 1 sur 3": "gallery",
                    "Avec AFP et Reuters": "agency",
                    "Article réservé aux abonnés": "template",
                    "Par Jean Dupont": "byline",
                },
            ),
            (
                "El consejo municipal aprobó el martes el presupuesto del próximo año por una "
                "amplia mayoría.",
                {
                    "Foto 1 de 12": "gallery",
                    "Página 1 de 3": "gallery",
                    "Con información de EFE": "agency",
                    "Contenido exclusivo para suscriptores": "template",
                    "Por Juan Pérez": "byline",
                },
            ),
        ],
        ids=["de", "en", "fr", "es"],
    )
    def test_site_furniture_of_news_pages_goes(self, body: str, chrome: dict[str, str]) -> None:
        got = reasons("patterns", "\n".join([body, *chrome]))
        assert {text: reason.split(":")[0] for text, reason in got.items()} == chrome

    def test_arrows_inside_a_line_stay(self) -> None:
        lines = [
            "Der Kurs stieg am Dienstag von 10 → 12 Euro",
            "Die Strecke: Hauptbahnhof → Messe → Flughafen",
            "→ Die Linie fährt ab Freitag alle zehn Minuten",  # an arrow as a bullet
        ]
        assert reasons("patterns", "\n".join([BODY, *lines])) == {}

    def test_gallery_markers(self) -> None:
        got = reasons("patterns", f"+\n1 / 12\n{BODY}\n3/24")
        assert set(got) == {"+", "1 / 12", "3/24"}
        assert all(reason.startswith("gallery") for reason in got.values())

    def test_cookie_newsletter_and_ad(self) -> None:
        got = reasons(
            "patterns",
            "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.\n"
            f"{BODY}\nAnzeige\nJetzt Newsletter abonnieren und nichts verpassen",
        )
        assert got == {
            "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.": "template: pattern",
            "Anzeige": "ad: 'Anzeige'",
            "Jetzt Newsletter abonnieren und nichts verpassen": "template: pattern",
        }

    def test_sentences_that_start_like_chrome_stay(self) -> None:
        text = (
            "Foto: Das Bild zeigt den Bürgermeister, wie er am Dienstag das neue Rathaus eröffnet und den Gästen dankt.\n"
            "Teilen wollte er den Preis mit seinen Kollegen aus dem Verein, sagte er nach der Verleihung."
        )
        assert only("patterns").clean(text) == text

    def test_section_headings_are_left_to_the_sections_filter(self) -> None:
        assert reasons("patterns", f"{BODY}\nKommentare") == {}


class TestDuplicates:
    def test_exact_repeat_keeps_the_first(self) -> None:
        result = only("duplicates").explain(
            f"{BODY}\nNewsletter bestellen!\n\n{BODY}\nnewsletter  bestellen"
        )
        assert [(r.index, r.detail) for r in result.removed] == [
            (3, "repeats line 0"),
            (4, "repeats line 1"),
        ]

    def test_teaser_block_goes_whole(self) -> None:
        text = (
            f"{BODY}\nEU verlängert Sanktionen gegen Russland\n"
            "Trotz Milliardenverlusten hält die EU an den Sanktionen fest. Zum ersten Mal …\n"
            "EU verlängert Sanktionen gegen Russland"
        )
        result = only("duplicates").explain(text)
        assert [r.index for r in result.removed] == [1, 2, 3]
        assert result.removed[0].detail == "teaser block: headline at lines 1 and 3"

    def test_near_duplicate_with_changed_quotes(self) -> None:
        text = f'Stamm zur Asylpolitik: „Belohnen, nicht nur sanktionieren“\n{BODY}\n\n{BODY[:-1]}!\nStamm zur Asylpolitik: "Belohnen, nicht nur sanktionieren"'
        result = only("duplicates").explain(text)
        # Quotes are punctuation, so the normal forms are equal: an exact repeat by key.
        assert [(r.index, r.detail) for r in result.removed] == [
            (3, "repeats line 1"),
            (4, "repeats line 0"),
        ]

    def test_near_duplicate_by_ratio(self) -> None:
        text = f"Feier für Otto Warmbier: Mehrere tausend Menschen trauern\n{BODY}\nFeier für Otto Warmbier: Mehrere Tausend Menschen trauerten"
        result = only("duplicates").explain(text)
        assert len(result.removed) == 1
        assert result.removed[0].index == 2
        assert result.removed[0].detail.startswith("near-duplicate of line 0 (ratio")

    def test_short_and_blank_and_symbol_lines_never_count(self) -> None:
        text = "Ja\n\n+\n+\n\nJa"
        result = only("duplicates").explain(text)
        assert [r.text for r in result.removed] == ["Ja"]  # exact repeat only; '+' has key 0

    def test_far_apart_similar_lines_are_not_compared(self) -> None:
        lines = ["Feier für Otto Warmbier: Mehrere tausend Menschen trauern"]
        lines += [
            "Die Stadtbahn fährt künftig alle zehn Minuten.",
            "Am Wochenende gilt ein eigener Fahrplan.",
            "Die Haltestellen sind barrierefrei gebaut.",
            "Der Bau hat drei Jahre gedauert.",
            "Anwohner klagten über Lärm und Staub.",
            "Die Kosten stiegen auf 212 Millionen Euro.",
            "Der Rat stimmte dem Nachtrag zu.",
            "Die Opposition kritisierte die Planung.",
            "Im Herbst folgt die zweite Ausbaustufe.",
            "Bis dahin fahren Ersatzbusse.",
        ]
        lines.append("Feier für Otto Warmbier: Mehrere Tausend Menschen trauerten")
        assert only("duplicates").explain("\n".join(lines)).removed == ()

    def test_text_only_marks_the_same_lines_without_details(self) -> None:
        # Pipeline.clean reads only the text: the filter marks the same lines, their
        # reasons left out (exact repeats, a teaser block, a cut-off and a near repeat).
        text = (
            f"{BODY}\nEU verlängert Sanktionen gegen Russland\nZum ersten Mal …\n"
            "EU verlängert Sanktionen gegen Russland\nNewsletter bestellen!\n"
            f"{BODY}\nnewsletter  bestellen\nFeier für Otto Warmbier: Mehrere tausend Menschen\n"
            "Feier für Otto Warmbier: Mehrere Tausend Menschen trauerten\nFeier für Otto …"
        )
        duplicates = only("duplicates").filters[0]
        doc = prepare(text)
        explained = list(duplicates(doc))
        doc.cache[newsclean.lines.TEXT_ONLY] = True
        brief = list(duplicates(doc))
        assert [mark.index for mark in brief] == [mark.index for mark in explained]
        assert [mark.index for mark in explained] == [1, 2, 3, 5, 6, 8, 9]
        assert {mark.detail for mark in brief} == {_UNEXPLAINED}
        assert only("duplicates").clean(text) == only("duplicates").explain(text).text


class TestRowsOfMarkers:
    def test_a_row_of_buttons_goes_as_a_row(self) -> None:
        got = reasons("patterns", f"{BODY}\nTeilen Senden\nVorheriger Beitrag Nächster Beitrag")
        assert got == {
            "Teilen Senden": "share: row of markers 'Teilen' + 'Senden'",
            "Vorheriger Beitrag Nächster Beitrag": (
                "navigation: row of markers 'Vorheriger Beitrag' + 'Nächster Beitrag'"
            ),
        }

    def test_a_row_with_one_word_that_is_no_marker_stays(self) -> None:
        # "Teilen Sie Ihre Meinung" / "Weiter geht's": words around a marker are no row.
        text = f"{BODY}\nTeilen und Herrschen\nWeiter nach Süden"
        assert reasons("patterns", text) == {}

    def test_a_row_led_by_a_heading_is_that_heading(self) -> None:
        text = f"{BODY}\n\nKommentar verfassen Antwort abbrechen\nName\nE-Mail"
        result = only("sections").explain(text)
        assert result.text == BODY
        assert result.removed[0].detail == "section heading 'Kommentar verfassen'"
        assert reasons("patterns", text).get("Kommentar verfassen Antwort abbrechen") is None


# Lines of blog footers and comment forms, each with the reason it goes for.
BLOG_LINES = {
    "Kommentare insgesamt: 0": "counter: pattern",
    "Verfasst von: gartenfreundin | 31. Mai 2023": "byline: pattern",
    "Wie bewerten Sie diesen Artikel? *": "comments: pattern",
    "Nur angemeldete Benutzer können kommentieren und bewerten.": "comments: pattern",
    "Veröffentlicht inGarten & Balkon": "taxonomy: pattern",
    "Gartengeflüster Antwort abbrechen": "comments: pattern",
    "Nächster Beitrag: Tomaten richtig ausgeizen": "taxonomy: pattern",
    "Gartenpost Newsletter": "notice: pattern",
    "Gefällt Ihnen dieser Artikel?": "comments: pattern",
}


class TestBlogLines:
    def test_counters_bylines_comment_prompts_pagers_and_newsletter_names(self) -> None:
        assert reasons("patterns", "\n".join([BODY, *BLOG_LINES])) == BLOG_LINES

    def test_one_word_is_left_to_whole_line_markers(self) -> None:
        assert reasons("patterns", f"{BODY}\nStadtgarten-Newsletter") == {}

    def test_sentences_about_publishing_stay(self) -> None:
        text = (
            f"{BODY}\nVeröffentlicht in der Fachzeitschrift wurde die Studie erst nach "
            "zwei Jahren, sagte die Forscherin.\nVerfasst von drei Autorinnen."
        )
        assert reasons("patterns", text) == {}


# General chrome phrases of each language family, each with the reason it goes for.
GERMAN_FAMILIES = {
    # Links to related articles with their title, and headings glued to a site or topic.
    "Lesen Sie auch: Neue Radwege für die Innenstadt": "related: pattern",
    "Die meistgelesenen Artikel bei Stadtanzeiger Online": "related: pattern",
    "Weitere Meldungen aus der Region": "related: pattern",
    "Zurück zur Übersicht der Pressemitteilungen": "related: pattern",
    # Blog footers and syndication notes, written in sentences (notice words decide).
    "Dieser Beitrag wurde unter Lokales abgelegt und mit Haushalt, Stadtrat verschlagwortet. "
    "Setze ein Lesezeichen auf den Permalink.": "template: pattern",
    "Dieser Eintrag wurde veröffentlicht in Allgemein von gartenfreundin. Permanentlink.": (
        "template: pattern"
    ),
    "Dieser Beitrag stammt aus Ausgabe 3/2024 des Stadtmagazins. Das Heft ist im Handel "
    "erhältlich:": "notice: pattern",
    # Consent placeholders of embedded maps and videos, comment-form consent, netiquette.
    "Klicken Sie auf den unteren Button, um die Karte von OpenStreetMap zu laden.": (
        "template: pattern"
    ),
    "Bitte registrieren Sie sich und halten Sie sich an unsere Netiquette.": "template: pattern",
    "Mit dem Absenden des Kommentars erklären Sie sich mit der Speicherung Ihrer Daten "
    "einverstanden.": "template: pattern",
    "Abonnieren Sie kostenlos unseren Stadtanzeiger-Newsletter und bleiben Sie auf dem "
    "Laufenden.": "template: pattern",
    "Sie haben 3 von 5 kostenlosen Artikeln in diesem Monat gelesen.": "template: pattern",
    "Der Artikel wurde erfolgreich in den Warenkorb gelegt.": "template: pattern",
    "5 Min. Lesezeit": "notice: pattern",
    # Captions that end in their credit, credits with the photographer, file links.
    "Die Feuerwehr rückte mit drei Fahrzeugen an. © Stadtanzeiger / Jens Mahler": (
        "credit: pattern"
    ),
    "dpa / Bernd Weißbrod": "credit: pattern",
    "Beitragsbild: Stadtwerke": "credit: pattern",
    "(© Stadtwerke/Jens Mahler)": "copyright: pattern",
    "Lizenz: CC BY-SA 4.0": "licence: pattern",
    "Merkblatt zur Anmeldung PDF | 120 KB": "download: pattern",
    # Bylines with a comment count, stamps, counters, one-line bios, contact lines.
    "Katrin Albers 12 Kommentare": "counter: pattern",
    "13 Besucher online": "counter: pattern",
    "14:05": "stamp: pattern",
    "Redakteurin im Ressort Lokales.": "bio: pattern",
    "Ihr Ansprechpartner für Pressefragen": "navigation: pattern",
    "Folgen Sie uns auf Instagram": "social: pattern",
    "Artikel gefallen? Vergiss nicht zu teilen!": "share: pattern",
    "Die wichtigsten Nachrichten aus der Stadt jeden Morgen direkt in Ihr Postfach!": (
        "template: pattern"
    ),
    "Telefon: 0123 456789": "contact: pattern",
    "E-Mail: redaktion(at)stadtanzeiger.example": "contact: pattern",
    "Verträge hier kündigen": "navigation: 'Verträge hier kündigen'",
    "Leserreisen": "navigation: 'Leserreisen'",
    "Wir übernehmen keine Haftung für die Inhalte externer Links.": "template: pattern",
    "Inhalt laden": "notice: 'Inhalt laden'",
}

OTHER_FAMILIES = {
    "Read more: Council passes the budget": "related: pattern",
    "12 minutes - 2400 words": "notice: pattern",
    "John Smith Jr. is a staff writer for the Example Times.": "bio: pattern",
    "Receive our weekly newsletter to stay on top of the latest stories.": "template: pattern",
    "This post contains affiliate links. We may earn a commission if you buy through them.": (
        "template: pattern"
    ),
    "You have read 3 of 5 free articles this month.": "template: pattern",
    "Phone: 555 0100": "contact: pattern",
    "News date: 04/21/2024": "dateline: pattern",
    "Czytaj też: Nowe ścieżki rowerowe w centrum miasta": "related: pattern",
    "8 minut czytania": "notice: pattern",
    "PAP/ Jan Kowalski": "credit: pattern",
    "Le puede interesar: El concejo aprueba el presupuesto": "related: pattern",
    "Más sobre Presupuesto municipal": "related: pattern",
    "À lire aussi : Le budget adopté": "related: pattern",
    "Vos réactions (12)": "counter: pattern",
    "Vous avez lu 2 des 5 articles gratuits ce mois-ci.": "template: pattern",
    "Leggi anche: Il bilancio approvato": "related: pattern",
    "Lees ook: Gemeenteraad keurt begroting goed": "related: pattern",
}

# Article sentences that share words with the families above: none of them goes.
SENTENCES_LIKE_CHROME = [
    "Lesen Sie auch die Stellungnahme der Opposition, sagte der Fraktionschef am Abend.",
    "Der Artikel wurde im März in einer Fachzeitschrift veröffentlicht und sorgte für Aufsehen.",
    "Der Beitrag wurde in der Sitzung um zwölf Euro erhöht.",
    "Weitere Meldungen aus der Region gab es am Montag nicht.",
    "Zurück zur Schule gehen die Kinder erst am Montag.",
    "Die Netiquette im Netz ist ein Thema, über das viele Eltern mit ihren Kindern sprechen.",
    "Um 14:05 Uhr rückte die Feuerwehr mit drei Fahrzeugen zum Einsatzort in der Altstadt aus.",
    "Redakteurin im Ressort Lokales war sie zwölf Jahre lang, bevor sie in die Politik wechselte.",
    "Unterstützt wird das Projekt mit 5000 Euro.",
    "Mit dem Absenden der Briefe begann die Kampagne.",
    "Telefon: Die Leitung war am Dienstag stundenlang gestört.",
    "Wir übernehmen keine Verantwortung für die Inhalte der Plattform, sagte der Sprecher.",
    "Klicken Sie sich durch die Bilder der Eröffnung.",
    "Read more books, the teacher told her class before the summer holidays began.",
    "He is already a member of the board.",
    "Thousands of volunteers are expected to register today.",
    "He sent an email asking readers to subscribe.",
    "Más sobre el tema habló el alcalde.",
]


class TestChromeFamilies:
    def test_german_families_go_with_their_reason(self) -> None:
        assert reasons("patterns", "\n".join([BODY, *GERMAN_FAMILIES])) == GERMAN_FAMILIES

    def test_families_of_the_other_languages_go_with_their_reason(self) -> None:
        assert reasons("patterns", "\n".join([BODY, *OTHER_FAMILIES])) == OTHER_FAMILIES

    def test_article_sentences_with_the_same_words_stay(self) -> None:
        text = "\n".join([BODY, *SENTENCES_LIKE_CHROME])
        assert Pipeline.from_config(Config(filters=("patterns", "sections"))).clean(text) == text

    def test_a_press_contact_heading_takes_the_contact_block(self) -> None:
        text = f"{BODY}\n\nPressekontakt\nStadtwerke Musterstadt\nTelefon 01234 5678"
        result = only("sections").explain(text)
        assert result.text == BODY
        assert result.removed[0].detail == "section heading 'Pressekontakt'"


class TestAuthorBoxes:
    NAME = "Katrin Hoffmann"
    BIO = (
        "Katrin Hoffmann studierte Politikwissenschaft in Leipzig und schreibt seit 2015 für "
        "den Stadtanzeiger über Verkehr und Stadtentwicklung."
    )
    MORE = (
        "Nach einem Volontariat beim Rundfunk arbeitete sie mehrere Jahre als freie Reporterin, "
        "bevor sie in die Lokalredaktion wechselte."
    )
    COMMENT = (
        "Ich wohne seit zwanzig Jahren an der Strecke und finde die neue Linie großartig, "
        "endlich fährt etwas vor der Haustür."
    )

    def test_the_name_and_the_bio_go_even_between_sentences(self) -> None:
        text = "\n\n".join(
            [*ARTICLE, "Über die Autorin", self.NAME, f"{self.BIO}\n{self.MORE}", self.COMMENT]
        )
        result = newsclean.clean_and_explain(text)
        box = "author box: after 'Über die Autorin' (line 12)"
        assert {r.text: r.detail for r in result.removed if r.filter == "sections"} == {
            "Über die Autorin": "section heading 'Über die Autorin'",
            self.NAME: box,
            self.BIO: box,
            self.MORE: box,
        }
        assert all(sentence in result.text for sentence in ARTICLE)
        assert not any("author box" in warning for warning in result.warnings)

    def test_a_bio_that_goes_on_from_the_name_goes(self) -> None:
        bio = "ist Rechtsanwalt in Berlin und schreibt regelmäßig über Datenschutz und Medienrecht."
        text = "\n".join([*ARTICLE, "", "ÜBER DEN AUTOR", "Dr. Thomas Berger", bio])
        assert only("sections").clean(text) == "\n".join(ARTICLE)

    def test_article_text_after_a_byline_box_stays(self) -> None:
        # An author heading above the article: the name goes, the first paragraph (which
        # does not start with the name) is the article's.
        text = "\n\n".join(["Zum Autor", self.NAME, *ARTICLE])
        assert only("sections").clean(text) == "\n\n".join(ARTICLE)
        # The same with the name in the heading's own block, as a label and its value.
        text = "\n".join(["Zum Autor:", self.NAME, "", *ARTICLE])
        assert only("sections").clean(text) == "\n".join(ARTICLE)

    def test_a_bare_label_opens_a_box_in_its_strict_shape(self) -> None:
        bio = "ist Rechtsanwalt in Berlin und schreibt regelmäßig über Datenschutz und Medienrecht."
        for label in ("AUTOR", "Autorin", "Author"):
            for name, text_of_bio in (("Dr. Thomas Berger", bio), (self.NAME, self.BIO)):
                # After the article and between two of its paragraphs: the box goes.
                for layout in (
                    [*ARTICLE, "", label, name, text_of_bio],
                    [*ARTICLE[:2], "", label, name, text_of_bio, "", ARTICLE[2]],
                ):
                    result = newsclean.clean_and_explain("\n".join(layout))
                    gone = {r.text: r.detail for r in result.removed if r.filter == "sections"}
                    assert set(gone) == {label, name, text_of_bio}, layout
                    assert all(d.startswith("author box: after label") for d in gone.values())
                    kept = result.text.split("\n")
                    assert all(line in kept for line in layout if line in ARTICLE)

    def test_a_bare_label_above_anything_else_opens_no_box(self) -> None:
        petition = (
            "Wir fordern den Stadtrat auf, die geplante Schließung der Stadtbibliothek im "
            "Norden zurückzunehmen und das Gebäude zu sanieren."
        )
        for layout in (
            ["Autor", self.NAME, petition],  # a bio neither from the name nor in lower case
            ["Autor", petition],  # no name line
            ["Autor", self.NAME, "Quelle", "Stadtanzeiger"],  # no bio
            ["Autor", "Stadtrat und Verwaltung", ARTICLE[0]],  # the article's first line
        ):
            text = "\n".join([*layout, "", *ARTICLE])
            gone = {r.text for r in only("sections").explain(text).removed}
            assert not gone & {self.NAME, petition, *ARTICLE}, layout

    def test_a_run_of_short_lines_is_no_box(self) -> None:
        menu = ["Über uns", "Kontakt", "Impressum", "Datenschutz"]
        text = "\n".join([ARTICLE[0], "", "Über den Autor", "", *menu, ARTICLE[1]])
        assert all(line in only("sections").clean(text) for line in [*menu, ARTICLE[1]])


class TestThreadHeadings:
    COMMENT = (
        "Ich wohne seit zwanzig Jahren im Viertel und finde die Entscheidung des Rates "
        "vollkommen richtig, endlich passiert etwas."
    )

    def test_a_thread_heading_takes_the_comments_written_in_sentences(self) -> None:
        text = f"{BODY}\n\n2 Kommentare zu „Haushalt beschlossen“\n{self.COMMENT}\nAntworten"
        result = only("sections").explain(text)
        assert result.text == BODY
        heading = "thread: 2 Kommentare zu „Haushalt beschlossen“"
        trailing = f"trailing block after {heading!r} (line 2)"
        assert [r.detail for r in result.removed] == [
            f"section heading {heading!r}",
            trailing,  # the comment, a full sentence
            trailing,  # "Antworten"
        ]

    def test_a_half_translated_thread_heading_takes_the_comments(self) -> None:
        # A theme's German strings around the English "on": "5 Kommentare on „…“".
        text = f"{BODY}\n\n5 Kommentare on “Haushalt beschlossen”\n{self.COMMENT}\nAntworten"
        assert only("sections").explain(text).text == BODY

    def test_a_thread_heading_before_any_body_takes_only_its_block(self) -> None:
        # At the top of a page the count links to the comments: the article follows.
        text = f"12 thoughts on “Budget passed”\n\n{BODY}\n{self.COMMENT}"
        result = only("sections").explain(text)
        assert [r.text for r in result.removed] == ["12 thoughts on “Budget passed”"]

    def test_a_sentence_with_a_count_is_no_thread_heading(self) -> None:
        text = f"{BODY}\n3 Antworten zu dieser Frage gab der Bürgermeister nicht.\n{self.COMMENT}"
        assert only("sections").explain(text).removed == ()
        assert reasons("patterns", text) == {}


class TestSections:
    def test_trailing_heading_takes_the_rest(self) -> None:
        text = f"{BODY}\n\nMeistgelesene Artikel\nHeadline eins\nHeadline zwei\n\nImpressum"
        result = only("sections").explain(text)
        assert result.text == BODY
        assert result.removed[0].detail == "section heading 'Meistgelesene Artikel'"
        assert {r.detail for r in result.removed[1:]} == {
            "trailing block after 'Meistgelesene Artikel' (line 2)"
        }

    def test_heading_in_the_middle_takes_only_its_block(self) -> None:
        text = f"{BODY}\n\nMehr zum Thema\nHaushalt: Wo gespart wird\n\n{BODY.replace('Dienstag', 'Mittwoch')}"
        result = only("sections").explain(text)
        assert [r.text for r in result.removed] == ["Mehr zum Thema", "Haushalt: Wo gespart wird"]

    def test_heading_word_inside_a_line_is_not_a_heading(self) -> None:
        text = f"{BODY}\nKommentare zum Haushalt gab es viele, vor allem von der Opposition im Rat."
        assert only("sections").explain(text).removed == ()


class TestGuard:
    def test_emptied_document_keeps_its_best_block_and_says_so(self) -> None:
        text = "Teilen\nDrucken\n\nAnzeige"
        result = Pipeline.from_config().explain(text)
        assert result.text  # not silently empty
        assert len(result.warnings) == 1
        assert "best_block" in result.warnings[0]
        assert result.emptied

    def test_emptied_document_may_stay_empty_when_asked(self) -> None:
        result = Pipeline.from_config(Config(if_emptied="empty")).explain("Teilen\nDrucken")
        assert result.text == ""
        assert "if_emptied='empty'" in result.warnings[0]
        assert result.emptied

    def test_original_mode_keeps_everything(self) -> None:
        result = Pipeline.from_config(Config(if_emptied="original")).explain("Teilen\nDrucken")
        assert result.text == "Teilen\nDrucken"
        assert result.removed == ()
        assert result.emptied

    def test_the_report_counts_emptied_documents_not_other_warnings(self) -> None:
        report = Report()
        report.add(Pipeline.from_config().explain("Teilen\nDrucken\n\nAnzeige"))
        # A body sentence the guard kept is a warning, but the document was not emptied.
        kept = Pipeline([_Hasty()]).explain("\n".join(ARTICLE))
        assert kept.warnings
        assert not kept.emptied
        report.add(kept)
        report.add(Pipeline.from_config().explain("\n".join(ARTICLE)))
        assert (report.documents, report.emptied) == (3, 1)


ARTICLE = [
    "Nach drei Jahren Bauzeit ist die neue Stadtbahnlinie am Freitagmorgen in Betrieb gegangen, der erste Zug war bis auf den letzten Platz besetzt.",
    "Die Oberbürgermeisterin sprach bei der Eröffnung von einem guten Tag für alle, die in der Stadt ohne Auto unterwegs sein wollen.",
    "Kritik an den Mehrkosten",
    "Die Opposition im Stadtrat erinnerte daran, dass die Kosten während der Bauzeit um fast ein Drittel gestiegen sind und der Zeitplan zweimal verschoben wurde.",
    "Die Verkehrsbetriebe wollen die Taktung in den kommenden Monaten verdichten, sobald alle neuen Fahrzeuge ausgeliefert sind.",
    "Für Pendler aus dem Umland soll sich die Fahrzeit zum Hauptbahnhof nach Angaben der Stadt um etwa zwölf Minuten verkürzen, an den Endhaltestellen entstehen zusätzlich Park-and-ride-Plätze mit mehr als dreihundert Stellplätzen.",
]
MENU = ["Politik", "Wirtschaft", "Kultur", "Lokales", "Verkehr", "Wetter"]


# The chrome of the common blog systems and consent, affiliate and reader-prompt templates
# (WordPress, WordPress.com, Blogger), as their pages print it.
GERMAN_TEMPLATES = [
    "Laden Sie unsere App für iOS und Android Betriebssysteme auf Ihr Handy herunter.",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
    "Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern, bis ich wieder kommentiere.",
    "Benachrichtige mich über nachfolgende Kommentare via E-Mail.",
    "Benachrichtige mich über neue Beiträge via E-Mail.",
    "Du kommentierst mit deinem WordPress.com-Konto. Abmelden / Ändern",
    "Trage deine Daten unten ein oder klicke ein Icon um dich einzuloggen:",
    "Gefällt mir Wird geladen …",
    "Bloggen auf WordPress.com.",
    "Erstelle eine Website oder ein Blog auf WordPress.com",
    "Du musst angemeldet sein, um einen Kommentar abzugeben.",
    "Melde dich an, um einen Kommentar abzugeben.",
    "Kommentare werden geladen …",
    "Gib hier deinen Kommentar ein …",
    "Datenschutz & Cookies: Diese Website verwendet Cookies. Wenn du die Website weiterhin nutzt, stimmst du der Verwendung von Cookies zu.",
    "Weitere Informationen, beispielsweise zur Kontrolle von Cookies, findest du hier: Cookie-Richtlinie",
    "Klicke, um auf Twitter zu teilen (Wird in neuem Fenster geöffnet)",
    "Klicken, um auf Facebook zu teilen (Wird in neuem Fenster geöffnet)",
    "Eingestellt von Anna Berger um 10:32",
    "Kommentar veröffentlichen",
    "Neuerer Post Älterer Post Startseite",
    "Abonnieren Kommentare zum Post (Atom)",
    "Folge mir auf Instagram",
    "Schreibe einen Kommentar Antworten abbrechen",
    "Hinterlasse einen Kommentar",
    "Diese Website benutzt Cookies. Wenn du die Website weiter nutzt, gehen wir von deinem Einverständnis aus.",
    "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren, Funktionen für soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren.",
    "Mit der Nutzung dieser Website erklären Sie sich damit einverstanden, dass wir Cookies verwenden.",
    "Ihr Browser ist veraltet. Bitte aktualisieren Sie Ihren Browser.",
    "Alle Angaben ohne Gewähr.",
    "Alle Preise inkl. MwSt. zzgl. Versandkosten.",
    "*Affiliate-Link: Wir erhalten eine Provision, wenn Sie über diesen Link einkaufen.",
    "Bei den mit * gekennzeichneten Links handelt es sich um Affiliate-Links. Kommt über einen solchen Link ein Kauf zustande, erhalten wir eine Provision.",
    "Dieser Artikel enthält Affiliate-Links.",
    "Haben Sie einen Fehler entdeckt? Dann schreiben Sie uns.",
    "Hat dir der Beitrag gefallen? Dann teile ihn gerne!",
    "Sie wollen keine Nachrichten aus Ihrer Region verpassen? Dann abonnieren Sie unseren Newsletter.",
    "Mehr Nachrichten aus der Region finden Sie hier.",
    "Die Kommentarfunktion ist für diesen Artikel deaktiviert.",
    "Um Artikel kommentieren zu können, müssen Sie angemeldet sein.",
    "Dieser Text wurde maschinell übersetzt.",
    "Dieser Artikel wurde zuletzt am 12.03.2024 aktualisiert.",
    "Hinweis: Dieser Artikel enthält Werbung.",
    "Anzeige: Dieser Beitrag entstand in Kooperation mit der Firma Muster.",
    "Wir freuen uns über Ihre Meinung. Schreiben Sie uns einen Kommentar!",
    "Jetzt teilen:",
    "Unterstützen Sie unabhängigen Journalismus.",
    "Bitte deaktivieren Sie Ihren Adblocker, um unsere Inhalte weiterhin kostenlos anbieten zu können.",
    "Sie sind hier: Startseite / Lokales / Verkehr",
    "Life is not digital. Zeige alle Beiträge von Cem Basman",
    "Bei Fragen und Anregungen zu diesem Artikel schreiben Sie uns.",
    # A full sentence without a notice word: "uns" says the site speaks of itself.
    "Bei Fragen und Anregungen zu diesem Artikel können Sie hier mit uns in Kontakt treten.",
    "Ihr Beitrag hilft, unsere Berichterstattung weiter auszubauen.",
    "Ich habe keinen Einfluss auf die Inhalte verlinkter Seiten.",
    "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und "
    "wurde unter Allgemein abgelegt. Du kannst die Kommentare zu diesem Eintrag durch den "
    "RSS 2.0 Feed verfolgen.",
    # Embedded posts: the signature of a tweet, Instagram's line, a consent placeholder.
    "— Stadtanzeiger (@stadtanzeiger) 3. März 2022",
    "Ein Beitrag geteilt von Stadtanzeiger (@stadtanzeiger)",
    "Diesen Beitrag auf Instagram ansehen",
    "Inhalte von Twitter laden",
    # Cookie banners that name the cookies late in the sentence.
    "Um unsere Webseite für Sie optimal zu gestalten und fortlaufend verbessern zu können, verwenden wir Cookies.",
    "Durch die weitere Nutzung der Webseite stimmen Sie der Verwendung von Cookies zu.",
    "Auf unserer Webseite werden Cookies verwendet. Einige davon werden zwingend benötigt, während es uns andere ermöglichen, Ihre Nutzererfahrung auf unserer Webseite zu verbessern.",
    # Consent platforms: headings, the IAB framework's purposes, their sentences.
    "Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Ihnen ein optimales Nutzererlebnis zu bieten.",
    "Wir benötigen Ihre Zustimmung",
    "Einwilligung verwalten",
    "Alle akzeptieren",
    "Zustimmen",
    "Privacy Center",
    "Datenschutzeinstellungen",
    "Individuelle Datenschutzeinstellungen",
    "Wir verarbeiten personenbezogene Daten, um Inhalte und Anzeigen zu personalisieren.",
    "Informationen auf einem Gerät speichern und/oder abrufen",
    "Personalisierte Anzeigen und Inhalte, Anzeigen- und Inhaltsmessungen, Erkenntnisse über Zielgruppen und Produktentwicklungen",
    "Mit Ihrer Zustimmung verarbeiten wir und unsere Partner Ihre Daten.",
    "Nur essenzielle Cookies akzeptieren",
    "We and our partners use cookies to store and/or access information on a device.",
    "Manage consent",
    "Accept all",
    "Reject all",
    "Privacy settings",
    "We value your privacy",
    "Store and/or access information on a device",
    "Personalised ads and content, ad and content measurement, audience insights and product development",
    # Pay walls, consent-or-pay walls, players, the dpa feed's reference line.
    "Feedback senden",
    "Jetzt kostenlos testen",
    "Lesen Sie mehr mit SZ Plus",
    "Weiter mit Werbung",
    "Mit Werbung weiterlesen",
    "Werbefrei lesen mit ZEIT Pur",
    "Zustimmen und weiter",
    "Sie haben bereits ein Abo? Hier anmelden",
    "© dpa-infocom, dpa:230314-99-945334/3",
    "dpa-infocom, dpa:230314-99-945334/3",
    "Zum Kommentarbereich",
    "Teilen auf WhatsApp",
    "Audio: Artikel vorlesen lassen",
    "Bildergalerie öffnen",
    "Mehr Artikel aus dem Ressort",
    "Zur Merkliste hinzufügen",
    "Ihr Browser unterstützt dieses Video nicht.",
    "Dieses Video ist leider nicht mehr verfügbar.",
    "Aktivieren Sie JavaScript, um dieses Video abzuspielen.",
    "Zum Newsletter anmelden",
    "Jetzt lesen",
    "Abo abschließen",
    "Schon Abonnent? Hier einloggen",
    "Weiterlesen mit SZ Plus",
    "Exklusiv für Abonnenten",
    "Dieser Artikel ist Teil unseres Angebots für Abonnenten.",
    "Hier klicken",
    # Privacy policies of the common generators, and a podcast plugin.
    "Die Betreiber dieser Seiten nehmen den Schutz Ihrer persönlichen Daten sehr ernst. Wir "
    "behandeln Ihre personenbezogenen Daten vertraulich und entsprechend der gesetzlichen "
    "Datenschutzvorschriften sowie dieser Datenschutzerklärung.",
    "Die Nutzung unserer Webseite ist in der Regel ohne Angabe personenbezogener Daten möglich.",
    "Wir weisen darauf hin, dass die Datenübertragung im Internet (z. B. bei der "
    "Kommunikation per E-Mail) Sicherheitslücken aufweisen kann. Ein lückenloser Schutz der "
    "Daten vor dem Zugriff durch Dritte ist nicht möglich.",
    "Wenn Sie uns per Kontaktformular Anfragen zukommen lassen, werden Ihre Angaben aus dem "
    "Anfrageformular inklusive der von Ihnen dort angegebenen Kontaktdaten zwecks Bearbeitung "
    "der Anfrage und für den Fall von Anschlussfragen bei uns gespeichert. Diese Daten geben "
    "wir nicht ohne Ihre Einwilligung weiter.",
    "Mit diesem Button kannst Du diese Podcast-Episode zu einer Kurationsliste der "
    "Podcast-Suchmaschine FYYD hinzufügen. Dazu musst Du Dich auf fyyd.de einloggen:",
    # Audio players, messenger channels, AI notes, registration walls.
    "Hören Sie diesen Artikel",
    "Unser WhatsApp-Kanal",
    "Abonnieren Sie unseren Telegram-Kanal für aktuelle Nachrichten",
    "Dieser Text wurde mit Unterstützung von KI erstellt.",
    "Jetzt kostenlos registrieren und weiterlesen",
    "Empfohlener externer Inhalt",
    "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Damit können "
    "personenbezogene Daten an Drittplattformen übermittelt werden.",
]
ENGLISH_TEMPLATES = [
    "For the latest stories and breaking news updates download our apps for iOS and Android.",
    "Download our free app for iOS and Android to get breaking news alerts.",
    "Get the latest news straight to your inbox with our free daily newsletter.",
    "Listen to this story",
    "Join our WhatsApp channel",
    "Advertisement - Scroll to continue",
    "The Associated Press contributed to this report.",
    "Image caption, The minister arrives at the summit in Brussels",
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "Notify me of new posts by email.",
    "You are commenting using your WordPress.com account. ( Log Out / Change )",
    "Fill in your details below or click an icon to log in:",
    "Like Loading...",
    "Blog at WordPress.com.",
    "Create a free website or blog at WordPress.com.",
    "Click to share on Twitter (Opens in new window)",
    "Posted by Anna Berger at 10:32 AM",
    "Post a Comment",
    "Newer Post Older Post Home",
    "Subscribe to: Post Comments (Atom)",
    "Follow me on Instagram",
    "Leave a Reply Cancel reply",
    "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.",
    "Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use.",
    "To find out more, including how to control cookies, see here: Cookie Policy",
    "As an Amazon Associate I earn from qualifying purchases.",
    "Comments are closed.",
    "You must be logged in to post a comment.",
    "You are here: Home / News / Transport",
    "Your browser is out of date. Please update your browser.",
    "This article contains affiliate links.",
    "Found a typo? Let us know.",
    "Did you enjoy this article? Share it with your friends.",
    "Support independent journalism.",
    "This article was machine translated.",
    "We use cookies to personalise content and ads, to provide social media features and to analyse our traffic.",
    "Please disable your ad blocker to keep our content free.",
    "Prices include VAT plus shipping.",
    "Get the latest news delivered to your inbox.",
    "Sponsored: This post was created in partnership with Example Inc.",
    "Jane Doe writes about transport. View all posts by Jane Doe",
    "— Anna Berger (@annaberger) March 3, 2022",
    "A post shared by City Herald (@cityherald)",
    "View this post on Instagram",
    "To give you the best possible experience, this site uses cookies.",
    "By using this site, you agree to our use of cookies.",
    # Story breaks, widgets that cannot load, agency standards lines.
    "This video is no longer available.",
    "Jump to comments",
    "Article continues below",
    "Supported by",
    "We’re sorry, this feature is currently unavailable.",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Got a tip? Contact us",
    "Click here to subscribe",
    # WordPress's comment form in the other shipped languages.
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
    "Laisser un commentaire Annuler la réponse",
    "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    "Guarda mi nombre, correo electrónico y web en este navegador para la próxima vez que comente.",
    "Deja una respuesta Cancelar la respuesta",
    "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *",
    "Salva il mio nome, email e sito web in questo browser per la prossima volta che commento.",
    "Lascia un commento Annulla risposta",
    "Je e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *",
    "Mijn naam, e-mail en site bewaren in deze browser voor de volgende keer wanneer ik een reactie plaats.",
    "Geef een reactie Reactie annuleren",
    "Twój adres e-mail nie zostanie opublikowany. Wymagane pola są oznaczone *",
    "Zapisz moje dane, adres e-mail i witrynę w przeglądarce aby wypełnić dane podczas pisania kolejnych komentarzy.",
    "Dodaj komentarz Anuluj pisanie odpowiedzi",
    # WordPress footers, consent banners, Jetpack and Blogger in the other languages.
    "Ce contenu a été publié dans Actualités, avec comme mot(s)-clé(s) Tram. Vous pouvez le mettre en favoris avec ce permalien.",
    "Ce site utilise des cookies pour améliorer votre expérience.",
    "Cliquez pour partager sur Twitter(ouvre dans une nouvelle fenêtre)",
    "Article plus récent Article plus ancien Accueil",
    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
    "Haz clic para compartir en Twitter (Se abre en una ventana nueva)",
    "Entrada más reciente Entrada antigua Inicio",
    "Questa voce è stata pubblicata in Notizie e contrassegnata con Tram. Contrassegna il permalink.",
    "Questo sito utilizza cookie tecnici e di profilazione.",
    "Fai clic per condividere su Twitter (Si apre in una nuova finestra)",
    "Post più recente Post più vecchio Home page",
    "Dit bericht werd geplaatst in Nieuws en getagged met Tram. Bookmark de permalink.",
    "Deze website gebruikt cookies om uw ervaring te verbeteren.",
    "Klik om te delen op Twitter (Wordt in een nieuw venster geopend)",
    "Nieuwere post Oudere post Homepage",
    "Ten wpis został opublikowany w kategorii Wiadomości i oznaczony tagami Tramwaj. Dodaj zakładkę do bezpośredniego odnośnika.",
    "Ta strona używa plików cookies w celu świadczenia usług.",
    "Kliknij, aby udostępnić na Twitterze (Otwiera się w nowym oknie)",
    "Nowszy post Starszy post Strona główna",
    # Consent platforms in the other languages.
    "Stocker et/ou accéder à des informations sur un appareil",
    "Tout refuser",
    "Almacenar o acceder a información en un dispositivo",
    "Archiviare e/o accedere a informazioni su un dispositivo",
    "Informatie op een apparaat opslaan en/of openen",
    "Przechowywanie informacji na urządzeniu lub dostęp do nich",
    # Akismet's notice, in any language.
    "Ce site utilise Akismet pour réduire les indésirables. En savoir plus sur comment les données de vos commentaires sont utilisées.",
    "Este sitio usa Akismet para reducir el spam. Aprende cómo se procesan los datos de tus comentarios.",
    "Questo sito usa Akismet per ridurre lo spam. Scopri come i tuoi dati vengono elaborati.",
    "Deze site gebruikt Akismet om spam te verminderen. Bekijk hoe je reactie-gegevens worden verwerkt.",
    "Ta witryna wykorzystuje Akismet aby zredukować spam. Dowiedz się w jaki sposób dane w twoich komentarzach są przetwarzane.",
]
# Article sentences that share the templates' words: no pattern takes them, wherever they stand.
GERMAN_LOOKALIKES = [
    "Laden Sie die Corona-Warn-App herunter, riet der Gesundheitsminister am Montag den Bürgern.",
    "Der Beitrag entstand in Zusammenarbeit mit dem Recherchenetzwerk Correctiv und dem Bayerischen Rundfunk.",
    "„Wir verwenden Cookies nur mit Einwilligung der Nutzer“, versicherte der Sprecher des Unternehmens.",
    "Die Verbraucherzentrale kritisiert, dass viele Websites Cookies ohne wirksame Einwilligung setzen.",
    "Dafür erhalten wir einen Anteil an den Einnahmen, sagte der Vorsitzende des Vereins.",
    "Der Makler erhält eine Provision von zwei Monatsmieten, die künftig der Vermieter zahlen muss.",
    "Mehr als hundert Artikel über den Skandal erschienen in den folgenden Wochen in der Lokalpresse.",
    "Alle Preise sind seit dem Frühjahr um mehr als zehn Prozent gestiegen, teilte das Statistikamt mit.",
    "Ihr Browser speichert die Daten lokal, erklärt der IT-Sicherheitsexperte im Gespräch.",
    "Mit der Nutzung dieser Daten beginnt die Polizei erst im kommenden Jahr.",
    "Haben Sie einen Fehler gemacht, als Sie den Antrag gestellt haben? Das fragen sich viele Eltern.",
    "Wir freuen uns über jeden Besucher, sagt die Leiterin des Museums.",
    "Unterstützen Sie den Verein mit einer Spende, bat die Vorsitzende bei der Jahresversammlung.",
    "Der Artikel wurde am Montag im Stadtrat kontrovers diskutiert.",
    "Dieser Text wurde von der Redaktion gekürzt und bearbeitet.",
    "Folge mir, rief der Bergführer und stieg voran.",
    "Sie sind hier zu Hause, sagte die Bürgermeisterin den Neubürgern.",
    "Die Redaktion hat einen Fehler entdeckt und korrigiert.",
    "Bei Fragen zu diesem Thema hilft das Bürgerbüro.",
    "Ihre Spende hilft Kindern in Not, sagt die Leiterin.",
    "Alle Beiträge von Schülern wurden ausgestellt.",
    "Die Stadt teilte unter @stadtverwaltung am 3. März 2022 mit, die Linie fahre ab Freitag.",
    "Meine Mutter ist jederzeit auf die Apokalypse vorbereitet. pic.twitter.com/qc6VqGZYA2",
    "Lesen Sie mehr mit Kindern, rät die Stiftung Lesen.",
    "Der Sprecher sagte am Dienstag: „Natürlich verwenden wir Cookies, aber nur mit Einwilligung der Nutzer.“",
    "Sie können Ihre Einwilligung zur Organspende jederzeit widerrufen.",
    "Mit Ihrer Zustimmung, Frau Präsidentin, möchten wir die Sitzung unterbrechen.",
    "Dieses Video ist ein Dokument der Zeitgeschichte, sagte der Archivar.",
    "Schon Abonnent der Lokalzeitung war sein Großvater.",
    "Die Betreiber dieser Seiten nehmen den Schutz der Daten nach eigenen Angaben ernst, "
    "sagte der Sprecher der Verbraucherzentrale.",
    "Wer uns per Kontaktformular Anfragen schickt, bekommt binnen einer Woche eine Antwort, "
    "versprach die Stadtverwaltung.",
    "Die Regierung will künftig auch über ihren WhatsApp-Kanal über Baustellen informieren.",
    "Wer sich registrieren und weiterbilden will, findet im Rathaus Hilfe.",
    "Ich bin damit einverstanden, sagte der Bürgermeister, dass die Linie ab Freitag fährt.",
    "Der Artikel erschien zuerst im Jahr 1990 und wurde viel gelesen, sagte die Verlegerin.",
    "Direkt zur Suche nach Überlebenden brachen am Morgen zwei Rettungsteams auf.",
    "Cet article a été publié dans Le Monde.",
    "Questo articolo è stato pubblicato in inglese.",
    "Dit artikel is geplaatst in de krant.",
]
ENGLISH_LOOKALIKES = [
    "Many users download our app for Android first, the company said in its annual report.",
    "For years we tried to get our app on the App Store, the founder said in an interview.",
    "Reuters reporters who contributed to this report were detained for two days, the agency said.",
    "The story first appeared in a local paper in 1998 and was later made into a film.",
    "This story was produced in partnership with ProPublica and the Texas Tribune.",
    "Many websites use cookies without valid consent, the regulator said on Tuesday.",
    '"We use cookies only with consent," a spokesperson for the company said.',
    "By continuing to use the old software, the agency exposed itself to attacks, the report found.",
    "The broker earns a commission of two percent on every sale.",
    "Prices include a surcharge for fuel, the airline said.",
    "Your browser history can reveal a lot, researchers warn.",
    "Follow me, the guide said, and climbed ahead.",
    "You are here because you care about the city, the mayor told the crowd.",
    "Found guilty on all counts, he was sentenced to five years.",
    "Support for the measure has grown, according to a new poll.",
    "This article was updated on Monday to include a response from the council.",
    "The video is no longer available.",
]
ENGLISH_ARTICLE = [
    "The new light rail line opened on Friday morning after three years of construction, and the first train was packed to the last seat.",
    "The mayor called the opening a good day for everyone who wants to get around the city without a car, and thanked the workers.",
    "The opposition on the council pointed out that costs had risen by almost a third during construction and that the schedule slipped twice.",
]


def _places(article: list[str], line: str) -> list[str]:
    """``line`` inside the body, after it, and alone."""
    return [
        "\n".join([article[0], article[1], line, article[2]]),
        "\n".join([*article[:3], line]),
        line,
    ]


def _cases(german: list[str], english: list[str]) -> list[tuple[list[str], str]]:
    """Each line with the article of its language."""
    return [(ARTICLE, line) for line in german] + [(ENGLISH_ARTICLE, line) for line in english]


# Template sentences longer than Config.max_pattern_length (300): tried because they hold
# a notice word ("Kommentar", "Datenschutzerklärung", "trackback").
LONG_TEMPLATES = [
    (
        ARTICLE,
        "Mit dem von dir abgeschickten Kommentar akzeptierst du, dass der von dir geschriebene "
        "Kommentar und die personenbezogenen Daten (wie z. B. deine IP-Adresse), die damit "
        "einhergehen, an Google-Server übermittelt werden. Beachte hierfür meine "
        "Datenschutzerklärung und die Datenschutzerklärung von Google.",
    ),
    (
        ARTICLE,
        "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und "
        "wurde unter Allgemein, Veranstaltungen abgelegt. Du kannst die Kommentare zu diesen "
        "Eintrag durch den RSS 2.0 Feed verfolgen. Kommentare sind derzeit geschlossen, aber Du "
        "kannst dennoch einen Trackback auf deiner Seite einrichten.",
    ),
    (
        ENGLISH_ARTICLE,
        "This entry was posted on Wednesday, November 27th, 2019 at 3:21 pm and is filed under "
        "General, Events, Tastings, Whisky, Regional News, Reviews and Interviews. You can "
        "follow any responses to this entry through the RSS 2.0 feed. Responses are currently "
        "closed, but you can trackback from your own site.",
    ),
]
# Article sentences as long, with notice words: no pattern is theirs.
LONG_LOOKALIKES = [
    (
        ARTICLE,
        "Der Datenschutzbeauftragte des Landes kritisierte in seinem Bericht, dass viele "
        "Behörden Cookies ohne wirksame Einwilligung der Nutzer setzen, und forderte die "
        "Ministerien auf, ihre Websites bis zum Ende des Jahres zu überprüfen, weil sonst "
        "Bußgelder drohten, die in einzelnen Fällen mehrere Hunderttausend Euro betragen "
        "könnten, wie er am Dienstag sagte.",
    ),
    (
        ARTICLE,
        "Mit dem Kommentar des Ministers zu den Plänen der Stadt war die Debatte im Landtag "
        "noch lange nicht beendet: Die Opposition verlangte Einsicht in die Verträge, die "
        "Datenschutzbeauftragte prüft die Weitergabe der Fahrgastdaten, und der Rechnungshof "
        "kündigte an, die Kosten der Stadtbahn im kommenden Jahr genau zu untersuchen.",
    ),
    (
        ENGLISH_ARTICLE,
        "In a comment to reporters, the commissioner said that many agencies still set "
        "cookies without valid consent, and that every ministry would have to review its "
        "websites before the end of the year, because otherwise fines of several hundred "
        "thousand euros could follow in some cases, which she called a last warning.",
    ),
]


class TestTemplates:
    @pytest.mark.parametrize(("article", "line"), _cases(GERMAN_TEMPLATES, ENGLISH_TEMPLATES))
    def test_a_template_line_goes_inside_the_body_and_after_it(
        self, article: list[str], line: str
    ) -> None:
        for text in _places(article, line)[:2]:
            assert line in reasons("patterns", text) or line in reasons("sections", text)
            assert line not in newsclean.clean(text).split("\n")

    @pytest.mark.parametrize(("article", "line"), _cases(GERMAN_LOOKALIKES, ENGLISH_LOOKALIKES))
    def test_an_article_sentence_with_their_words_stays(
        self, article: list[str], line: str
    ) -> None:
        for text in _places(article, line):
            assert reasons("patterns", text) == {}

    @pytest.mark.parametrize(("article", "line"), LONG_TEMPLATES)
    def test_a_long_template_sentence_with_a_notice_word_goes(
        self, article: list[str], line: str
    ) -> None:
        assert Config().max_pattern_length < len(line) <= Config().max_pattern_length * 3 // 2
        for text in _places(article, line)[:2]:
            assert line in reasons("patterns", text)
            assert line not in newsclean.clean(text).split("\n")
        # Beyond one and a half times the limit, no line is tried.
        short = Config(filters=("patterns",), max_pattern_length=len(line) * 2 // 3 - 1)
        removed = Pipeline.from_config(short).explain(_places(article, line)[1]).removed
        assert line not in {r.text for r in removed}

    @pytest.mark.parametrize(("article", "line"), LONG_LOOKALIKES)
    def test_a_long_article_sentence_with_a_notice_word_stays(
        self, article: list[str], line: str
    ) -> None:
        assert len(line) > Config().max_pattern_length
        for text in _places(article, line):
            assert reasons("patterns", text) == {}
            assert line in newsclean.clean(text).split("\n")


class TestSpan:
    def test_menu_before_the_headline_goes_and_the_headline_stays(self) -> None:
        headline = "Stadtbahn fährt ab Freitag bis zum Hauptbahnhof"
        result = only("span").explain("\n".join([*MENU, headline, "", *ARTICLE]))
        assert result.text.split("\n")[0] == headline
        assert {r.text: r.detail for r in result.removed} == dict.fromkeys(
            MENU, "before the article (lines 8-13)"
        )

    def test_subheading_between_paragraphs_stays(self) -> None:
        result = only("span").explain("\n".join([*MENU, *ARTICLE]))
        assert "Kritik an den Mehrkosten" in result.text.split("\n")
        assert all(r.text in MENU for r in result.removed)

    def test_footer_with_text_beyond_a_link_run_goes(self) -> None:
        footer = [
            "Impressum-Seite",
            "Anzeigenpreise",
            "Abo-Service",
            "Leserreisen",
            "Gewinnspiele",
            "Stellenmarkt",
            "Trauerportal",
            "Hinweis: Wir übernehmen keine Haftung für die Inhalte externer Links, für die allein deren Betreiber verantwortlich sind.",
        ]
        result = only("span").explain("\n".join([*ARTICLE, *footer]))
        assert result.text == "\n".join(ARTICLE)
        assert {r.detail for r in result.removed} == {"after the article (lines 0-5)"}

    def test_teaser_list_after_the_article_does_not_outweigh_it(self) -> None:
        teasers = []
        for kicker, headline, teaser in [
            (
                "Verkehr",
                "Neue Radwege im Norden",
                "Die Stadt baut bis zum Sommer drei neue Radwege, die Anwohner sind geteilter Meinung.",
            ),
            (
                "Schule",
                "Gymnasium wird saniert",
                "Für die Sanierung des alten Gymnasiums stehen im Haushalt zwölf Millionen Euro bereit.",
            ),
            (
                "Kultur",
                "Theater zeigt neues Stück",
                "Das Stadttheater zeigt ab Samstag ein Stück über die Geschichte der Stadtbahn.",
            ),
            (
                "Sport",
                "Derby endet unentschieden",
                "Vor ausverkauftem Haus trennten sich die beiden Rivalen am Abend ohne Tore.",
            ),
        ]:
            teasers += ["", kicker, headline, teaser]
        result = only("span").explain("\n".join([*ARTICLE, "Mehr aus der Stadt", *teasers]))
        assert result.text == "\n".join(ARTICLE)

    def test_a_lead_in_after_the_last_paragraph_stays(self) -> None:
        lead_in = "Den Bericht der Verkehrsbetriebe finden Sie hier:"
        text = "\n".join([*MENU, *ARTICLE, lead_in, *MENU])
        result = only("span").explain(text)
        assert result.text == "\n".join([*ARTICLE, lead_in])
        assert {r.detail for r in result.removed} == {
            "before the article (lines 6-12)",
            "after the article (lines 6-12)",
        }

    def test_a_label_after_the_article_is_no_lead_in(self) -> None:
        text = "\n".join([*MENU, *ARTICLE, "Teilnehmende Vereine:", *MENU])
        result = only("span").explain(text)
        assert result.text == "\n".join(ARTICLE)

    def test_a_clean_text_stays_untouched(self) -> None:
        text = "\n\n".join(ARTICLE)
        assert only("span").explain(text).removed == ()

    def test_a_short_post_keeps_its_lines_and_loses_only_menu_entries(self) -> None:
        post = [
            "„Ich weiß, ich bin müde und sollte das vielleicht nicht sagen …“",
            "– „Dann sag es nicht.“",
            "– „Gut.“",
            "Trage deine Daten unten ein oder klicke ein Icon, um dich einzuloggen:",
        ]
        result = only("span").explain("\n".join([*MENU, *post]))
        assert result.text == "\n".join(post)
        assert {r.detail.split(" (")[0] for r in result.removed} == {
            "menu-like line before the article"
        }

    def test_a_code_listing_does_not_end_the_article(self) -> None:
        intro = "Python erlaubt es, eine Liste in einer einzigen Zeile zu filtern, und das ist oft schneller als eine Schleife, weil der Interpreter weniger Arbeit hat."
        code = [
            "import pandas",
            "import scipy",
            "import numpy",
            "values = numpy.zeros(10)",
            "totals = values.cumsum()",
            "plot_line(values, totals)",
            "save_figure(totals)",
            "show_plot()",
        ]
        outro = "Bei großen Listen lohnt sich dagegen ein Generator, denn er erzeugt die Werte erst dann, wenn sie gebraucht werden, und spart so eine Menge Speicher."
        text = "\n".join([intro, *code, outro, *ARTICLE])
        assert only("span").explain(text).removed == ()

    def test_a_text_without_running_text_is_left_alone(self) -> None:
        text = "\n".join(["Zutaten", "200 g Mehl", "100 g Zucker", "2 Eier", "1 Prise Salz"])
        assert only("span").explain(text).removed == ()


class TestFeatures:
    def test_language_and_density(self) -> None:

        doc = prepare("\n".join([*MENU, *ARTICLE]))
        feats = features(doc, compile_markers(available_languages()))
        assert feats.language == "de"
        assert feats.of[0].density == 0.0  # "Politik"
        assert feats.of[6].density > 0.3  # a body sentence
        assert feats.of[6].sentence_end
        assert not feats.of[8].sentence_end
        assert features(doc, compile_markers(available_languages())) is feats  # cached

    def test_made_as_the_dataclass_makes_it(self) -> None:
        # features() fills the frozen dataclass's fields without its __init__: the same
        # instance as DocFeatures(...) gives, the table made when first read.
        doc = prepare("\n".join([*MENU, *ARTICLE]))
        feats = features(doc, compile_markers(available_languages()))
        assert type(feats) is DocFeatures
        same = DocFeatures(feats.language, feats.of, feats.languages, feats.table)
        assert vars(same) == vars(feats)
        assert same == feats
        assert feats.table is not None
        assert feats.table is feats.table
        with pytest.raises(dataclasses.FrozenInstanceError):
            feats.language = "en"  # type: ignore[misc]


class _Hasty:
    """A weak filter that wants every line mentioning costs gone."""

    name = "hasty"
    strong = False

    def __call__(self, doc):
        return [Mark(line.index, "mentions costs") for line in doc.lines if "Kosten" in line.text]


class TestBodyGuard:
    def test_a_weak_filter_cannot_remove_a_sentence_inside_the_body(self) -> None:
        text = "\n".join(ARTICLE)
        result = Pipeline([_Hasty()]).explain(text)
        assert result.text == text
        assert result.removed == ()
        assert result.warnings == (
            "kept line 3: a full sentence inside the body, which only a weak signal wanted gone (hasty: mentions costs)",
        )

    def test_a_reason_the_weak_filter_names_strong_is_trusted(self) -> None:
        class Careful:
            name = "careful"
            strong = False
            strong_reasons = frozenset({"form"})

            def __call__(self, doc):
                for line in doc.lines:
                    if "Kosten" in line.text:
                        yield Mark(line.index, "mentions costs")  # weak: the guard applies
                    elif "Verkehrsbetriebe" in line.text:
                        yield Mark(line.index, "form: names the operator")  # trusted

        result = Pipeline([Careful()]).explain("\n".join(ARTICLE))
        assert [(r.index, r.detail) for r in result.removed] == [(4, "form: names the operator")]
        assert result.warnings == (
            "kept line 3: a full sentence inside the body, which only a weak signal wanted gone (careful: mentions costs)",
        )

    def test_a_template_sentence_inside_the_body_goes_and_a_mention_of_cookies_stays(self) -> None:
        # A blog footer and a comment-form consent are a template's fixed sentences, even
        # between two paragraphs; an article sentence about cookies is no pattern's to judge
        # (a `notice` pattern never applies to a full sentence).
        footer = (
            "Dieser Eintrag wurde veröffentlicht in Verkehr und verschlagwortet mit Stadtbahn, "
            "von Redaktion. Permanentlink."
        )
        consent = (
            "Mit dem von Ihnen abgeschickten Kommentar akzeptieren Sie, dass Ihre Angaben "
            "gespeichert werden."
        )
        cookies = (
            "Die Verkehrsbetriebe verwenden Cookies auf ihrer neuen Fahrplanseite, um die "
            "Auslastung der Züge zu messen, sagte ein Sprecher."
        )
        text = "\n".join([*ARTICLE[:2], footer, *ARTICLE[3:5], consent, cookies, ARTICLE[5]])
        result = only("patterns").explain(text)
        assert {r.text: r.detail for r in result.removed} == {
            footer: "template: pattern",
            consent: "template: pattern",
        }
        assert cookies in result.text.split("\n")
        assert result.warnings == ()
        # At the end of the article, where no guard protects it, it stays too.
        assert only("patterns").clean("\n".join([*ARTICLE, cookies])).endswith(cookies)

    def test_a_strong_filter_is_trusted(self) -> None:
        class Model:
            name = "boilerplate"

            def __call__(self, doc):
                # Like a corpus model: it knows the line by its content, wherever it stands.
                return [
                    Mark(line.index, "seen on 80% of the site's pages")
                    for line in doc.lines
                    if line.text == ARTICLE[3]
                ]

        result = Pipeline([Model()]).explain("\n".join(ARTICLE))
        assert [r.index for r in result.removed] == [3]
        assert result.warnings == ()
