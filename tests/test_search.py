"""The public search page at /search/: the index, ranking, spellings, filters, bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection

from articles.models import Article, Sentence
from articles.services import article_import, article_text_correct, sentence_merge, sentence_split
from notes.models import Claimant
from search.schema import index_ensure
from tests.factories import OutletFactory, make_note

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def store(text: str, *, headline: str = "A report", slug: str | None = None, **kw) -> Article:
    """An article stored through the real import service (triggers index it)."""
    outlet = kw.pop("outlet", None) or OutletFactory()
    return article_import(
        text=f"{headline}\n\n{text}", outlet=outlet, headline=headline, slug=slug or "", **kw
    )


def sentence_with(article: Article, words: str) -> Sentence:
    return article.sentences.get(text__contains=words)


def hits(response) -> list[str]:
    """The text of each hit's snippet, markup stripped, in rank order."""
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", snippet).strip()
        for snippet in re.findall(r'<p class="hit__snippet">(.*?)</p>', html, re.S)
    ]


def search(client, q: str = "", **params):
    return client.get(SEARCH, {"q": q, **params})


def test_every_page_header_links_to_search(client, seeded):
    """The header of the reading room's pages offers the search."""
    html = client.get("/").content.decode()
    assert 'href="/search/"' in html


def test_empty_query_shows_search_tips(client, db):
    response = search(client)
    assert response.status_code == 200
    assert "How to search" in response.content.decode()


def test_a_search_that_finds_nothing_says_so_not_the_tips(client, db):
    store("Fighters held Shutul.")
    html = search(client, "Bazarak").content.decode()
    assert "0 results for <strong>Bazarak</strong>" in html
    assert "Nothing matches." in html
    assert "How to search" not in html


def test_new_sentence_is_findable_right_after_import(client, db):
    store("Commanders met at Qalatak on Friday. Nobody else was there.")
    assert hits(search(client, "qalatak")) == ["Commanders met at Qalatak on Friday."]


def test_corrected_sentence_is_found_under_its_new_words_only(client, db, desk):
    article = store("The convoy reached Bazarak at dawn. It stayed.")
    article_text_correct(
        article=article,
        text="A report\n\nThe convoy reached Rukha at dawn. It stayed.",
        reason="The place was misread.",
        editor=desk,
    )
    assert hits(search(client, "Rukha")) == ["The convoy reached Rukha at dawn."]
    assert hits(search(client, "Bazarak")) == []


def test_split_and_merged_sentences_are_found_as_they_now_read(client, db):
    article = store("Elders gathered in Anaba and fighters waited in Khenj. Then rain fell.")
    first = sentence_with(article, "Elders")
    sentence_split(sentence=first, at=first.text.index("and fighters"))
    assert hits(search(client, "Khenj")) == ["and fighters waited in Khenj."]
    sentence_merge(sentence=Sentence.objects.get(article=article, text__startswith="Elders"))
    assert hits(search(client, "Khenj")) == [
        "Elders gathered in Anaba and fighters waited in Khenj."
    ]


def test_draft_note_never_appears_to_readers(client, editor_client, db):
    article = store("Supplies ran short in Paryan.")
    sentence = sentence_with(article, "Paryan")
    make_note(sentence, status="draft", body="Unverified: the zirconium figure is a guess.")
    for who in (client, editor_client):
        assert hits(search(who, "zirconium")) == []
    make_note(sentence, status="published", body="Verified zirconium figure.", base_version=1)
    assert len(hits(search(client, "zirconium"))) == 1


def test_published_note_is_found_and_links_to_its_sentence(client, db):
    article = store("Supplies ran short in Paryan.")
    sentence = sentence_with(article, "Paryan")
    make_note(sentence, body="The quartermaster's ledger agrees.")
    html = search(client, "quartermaster").content.decode()
    assert "hit--note" in html
    assert f'href="{sentence.get_absolute_url()}"' in html


def test_exact_phrase_ranks_above_scattered_words(client, db):
    store(
        "Massoud spoke after Ahmad left the room and the talks ended. "
        "The meeting was long and nobody agreed on anything at all that day.",
        headline="Scattered",
    )
    store("Ahmad Massoud spoke to the elders.", headline="Together")
    found = hits(search(client, "ahmad massoud"))
    assert found[0] == "Ahmad Massoud spoke to the elders."
    assert len(found) == 2
    assert hits(search(client, '"ahmad massoud"')) == ["Ahmad Massoud spoke to the elders."]


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("Masoud", "Massoud"), ("Dashti", "Dashty"), ("Mojahid", "Mujahid")],
)
def test_names_are_found_across_spellings(client, db, typed, printed):
    store(f"A statement was read out by {printed} on Sunday.")
    found = hits(search(client, typed))
    assert found == [f"A statement was read out by {printed} on Sunday."]
    assert "spellings included" in search(client, typed).content.decode()


def test_exclusion_and_or(client, db):
    store("Fighting near Bazarak. Fighting near Rukha. Talks near Anaba.")
    assert hits(search(client, "fighting -rukha")) == ["Fighting near Bazarak."]
    assert sorted(hits(search(client, "rukha OR anaba"))) == [
        "Fighting near Rukha.",
        "Talks near Anaba.",
    ]


def test_a_script_in_a_source_comes_back_as_text(client, db):
    store('The page said <script>alert("x")</script> beside the valley report.')
    html = search(client, "valley").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>valley</mark>" in html


@pytest.mark.parametrize(
    "hostile", ['"', '""', "NEAR(", "a* OR", "col:val", "^start", "-", "'; DROP TABLE", "AND"]
)
def test_query_syntax_never_reaches_the_index_raw(client, db, hostile):
    store("Fighting near Bazarak.")
    assert search(client, hostile).status_code in {200, 400}


def test_page_chrome_is_left_out_unless_asked(client, db):
    store("Fighters held Shutul.\n\nShare this article")
    assert hits(search(client, "share")) == []
    assert hits(search(client, "share", kind="chrome")) == ["Share this article"]


def test_filters_combine_and_are_said_in_words(client, db):
    herald = OutletFactory(name="Valley Herald", slug="valley-herald")
    store("Shelling near Dara.", outlet=herald, published=dt.date(2021, 9, 2), headline="One")
    store("Shelling near Dara again.", published=dt.date(2021, 9, 20), headline="Two")
    response = search(
        client, "shelling", outlet="valley-herald", date_from="2021-09-01", date_to="2021-09-05"
    )
    assert hits(response) == ["Shelling near Dara."]
    html = response.content.decode()
    assert "from Valley Herald" in html
    assert "published on or after 1 September 2021" in html


@pytest.mark.parametrize(
    "narrowed", [{"outlet": "valley-herald"}, {"date_to": "2021-09-05"}, {"article": "one"}]
)
def test_notes_are_narrowed_by_their_articles_outlet_date_and_slug(client, db, narrowed):
    herald = OutletFactory(name="Valley Herald", slug="valley-herald")
    one = store("Shelling near Dara.", outlet=herald, published=dt.date(2021, 9, 2), slug="one")
    two = store("Shelling near Unaba.", published=dt.date(2021, 9, 20), slug="two")
    make_note(sentence_with(one, "Dara"), body="Witnesses in Dara confirm the barrage.")
    make_note(sentence_with(two, "Unaba"), body="Witnesses in Unaba doubt the barrage.")
    assert len(hits(search(client, "barrage", kind="note"))) == 2
    assert hits(search(client, "barrage", kind="note", **narrowed)) == [
        "Note Witnesses in Dara confirm the barrage."
    ]


def test_claimant_and_credibility_filter_on_published_notes(client, db):
    article = store("Shelling near Dara. Shelling near Unaba.")
    spokesman = Claimant.objects.create(name="A spokesman")
    make_note(sentence_with(article, "Dara"), claimant=spokesman, credibility=2)
    response = search(client, "shelling", claimant="A spokesman", credibility="2", kind="body")
    assert hits(response) == ["Shelling near Dara."]
    assert "claimed by A spokesman" in response.content.decode()


def test_hit_shows_outlet_date_with_precision_grade_and_claimant(client, db):
    herald = OutletFactory(name="Valley Herald", slug="valley-herald", reliability="B")
    article = store(
        "Shelling near Dara.", outlet=herald, published=dt.date(2021, 9, 1),
        published_precision="month",
    )  # fmt: skip
    make_note(
        sentence_with(article, "Dara"),
        claimant=Claimant.objects.create(name="A spokesman"),
        credibility=2,
    )
    html = search(client, "shelling", kind="body").content.decode()
    assert "Valley Herald" in html
    assert "September 2021" in html
    assert "B2" in html
    assert "claimed by A spokesman" in html


@pytest.mark.parametrize(
    "params",
    [
        {"credibility": "9"},
        {"page": "zero"},
        {"page": "0"},
        {"date_from": "2021-13-01"},
        {"date_from": "2021-09-10", "date_to": "2021-09-01"},
        {"outlet": "no-such-outlet"},
        {"kind": "poem"},
        {"q": "-only"},
        {"q": "x" * 400},
        {"page": "7"},
    ],
)
def test_bad_parameters_get_a_400_that_explains(client, db, params):
    store("Shelling near Dara.")
    response = client.get(SEARCH, {"q": "shelling", **params})
    assert response.status_code == 400
    assert "This search cannot be run as asked" in response.content.decode()


def test_results_are_paged_and_pages_keep_the_query(client, db):
    store(" ".join(f"Convoy number {i} passed." for i in range(1, 46)))
    first = search(client, "convoy")
    assert len(hits(first)) == 20
    html = first.content.decode()
    assert "page=2" in html and "q=convoy" in html
    assert len(hits(search(client, "convoy", page="3"))) == 5


def test_htmx_gets_only_the_results(client, db):
    store("Shelling near Dara.")
    response = client.get(SEARCH, {"q": "shelling"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert hits(response) == ["Shelling near Dara."]


def test_query_count_is_the_same_for_a_page_of_many_hits(client, db, django_assert_max_num_queries):
    few = store("Convoy number one passed.", headline="Few")
    make_note(few.sentences.get(text__contains="Convoy"), body="A convoy note.")
    with django_assert_max_num_queries(12) as small:
        search(client, "convoy")
    many = store(" ".join(f"Convoy number {i} passed." for i in range(1, 60)), headline="Many")
    for sentence in many.sentences.filter(text__startswith="Convoy")[:30]:
        make_note(
            sentence,
            claimant=Claimant.objects.get_or_create(name=f"Claimant {sentence.pk}")[0],
            body="Another convoy note.",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        search(client, "convoy")


def test_a_word_in_very_many_sentences_ranks_the_latest_and_says_so(client, db, monkeypatch):
    monkeypatch.setattr("search.engine.CANDIDATES", 3)
    store(" ".join(f"Convoy number {i} passed." for i in range(1, 6)))
    response = search(client, "convoy")
    assert "More than 3 results" in response.content.decode()
    assert len(hits(response)) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_a_dropped_trigger_is_put_back_and_the_missed_rows_indexed(client, db):

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_sentence_ai")
    store("Commanders met at Qalatak on Friday.")
    assert hits(search(client, "qalatak")) == []
    assert index_ensure(connection)
    assert hits(search(client, "qalatak")) == ["Commanders met at Qalatak on Friday."]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
@pytest.mark.django_db(transaction=True)  # a rebuild alters committed tables, as a migration does
def test_a_rebuilt_index_has_planner_statistics_at_once():
    """The planner knows how common each word is without waiting for autovacuum."""
    store("Commanders met at Qalatak on Friday.")
    assert index_ensure(connection, rebuild=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems IS NOT NULL FROM pg_stats "
            "WHERE tablename = 'articles_sentence' AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == (True,)


def test_exactly_as_many_matches_as_are_ranked_is_not_more(client, db, monkeypatch):
    """The one extra row a branch reads only says there are more; it is never shown."""
    monkeypatch.setattr("search.engine.CANDIDATES", 3)
    store(" ".join(f"Convoy number {i} passed." for i in range(1, 4)))
    response = search(client, "convoy")
    assert "More than" not in response.content.decode()
    assert "3 results" in response.content.decode()
    store(" ".join(f"Convoy number {i} passed." for i in range(4, 6)), headline="Later")
    later = search(client, "convoy")
    assert "More than 3 results" in later.content.decode()
    ranked = " ".join(hits(later))
    assert "number 5" in ranked and "number 4" in ranked  # the latest are the ones ranked
    assert "number 1 " not in ranked


def test_the_filters_list_a_new_claimant_at_once_and_keep_the_chosen_one(client, db):
    """The filter widgets are rendered once per content: a change is a new rendering."""
    store("Shelling near Dara.")
    before = search(client, "shelling").content.decode()
    assert "Qari Fasihuddin" not in before
    Claimant.objects.create(name="Qari Fasihuddin")
    listed = search(client, "shelling").content.decode()
    assert '<option value="Qari Fasihuddin">Qari Fasihuddin</option>' in listed
    chosen = search(client, "shelling", claimant="Qari Fasihuddin").content.decode()
    assert '<option value="Qari Fasihuddin" selected>Qari Fasihuddin</option>' in chosen
    assert (
        '<option value="" selected>Anyone</option>' in search(client, "shelling").content.decode()
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parallel query")
def test_reading_pages_plan_without_parallel_workers(db):
    """A parallel worker's start-up costs more than a page's index lookups save."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's bm25")
def test_a_phrase_alone_is_ranked_as_bm25_ranks_it(client, db):
    """A phrase alone is ranked by length, without bm25's pass over every row holding it:
    the order is bm25's."""
    store(
        "Fighters blocked the road to the north of the valley on Friday, villagers said. "
        "Fighters blocked the road. "
        "Fighters blocked the road near Dara before dawn."
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.text FROM search_sentence_fts JOIN articles_sentence s "
            "ON s.id = search_sentence_fts.rowid WHERE search_sentence_fts MATCH %s "
            "ORDER BY bm25(search_sentence_fts)",
            ['"blocked the road"'],
        )
        by_bm25 = [row[0] for row in cursor.fetchall()]
    assert hits(search(client, '"blocked the road"')) == by_bm25
    assert by_bm25[0] == "Fighters blocked the road."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize("q", ['"blocked the road"', "blocked road", "fighters road -elders"])
def test_common_words_read_the_latest_sentences_first_and_find_the_same(client, db, monkeypatch, q):
    """Where every word is common, the latest sentences are read in order first (a window)
    and the older ones through the index only if needed: the hits are the same either way,
    the window smaller than the matches or not, the candidates capped or not."""
    for n in range(6):
        store(f"Fighters blocked the road near post {n}. Elders met at post {n}.", headline=f"P{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_sentence")
    from search.engine import _Dialect
    from search.syntax import parse

    for candidates in (1000, 3):
        monkeypatch.setattr("search.engine.CANDIDATES", candidates)
        monkeypatch.setattr("search.engine.COMMON_ROWS", 10**9)
        assert not _Dialect(parse(q)).common
        plain = search(client, q).content.decode()
        monkeypatch.setattr("search.engine.COMMON_ROWS", 1)
        assert _Dialect(parse(q)).common
        for window in (1, 4, 12, 1000):
            monkeypatch.setattr("search.engine.WINDOW", window)
            windowed = search(client, q).content.decode()
            assert hits_of(windowed) == hits_of(plain)
            assert ("More than 3 results" in windowed) == ("More than 3 results" in plain)


def hits_of(html: str) -> list[str]:
    return re.findall(r'<p class="hit__snippet">(.*?)</p>', html, re.S)
