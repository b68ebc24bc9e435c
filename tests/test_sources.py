"""Source records: the seed texts are stored byte for byte, with their provenance."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command

from articles.models import Article, Sentence, text_sha256
from articles.services import ArticleImportError, DuplicateArticle, article_import
from tests.conftest import REPO
from tests.factories import OutletFactory

SEEDS = REPO / "fixtures" / "seeds"
PINNED_SHA256 = {
    "000_11431c4aaa258a7c.txt": "3bb87b46f795569d734c251c6312d0069c98452d36fe91b8c0e785165e4db505",
    "001_e016e96c27e91a7e.txt": "3077291996cf438fde88c388ea5dab8bd81177f8a1a374f37a15b38dc94e66a5",
    "002_0c515d696788dfdd.txt": "96505e839cb6bef4bb5b3eddf21e2d250ac26f722795286f4c070006f24a98ca",
    "003_af70fea9327644e3.txt": "5ce1748c88046a2a91e505fcefd2c99eaf8367467545b02db5615707729b87a6",
    "004_95005812d8e8fffd.txt": "346b4eab29a7f8c5128ac6883928c61fd721063e3a33ef9de594b4bd741e4ca5",
}


def test_seed_files_in_fixtures_have_the_pinned_checksums():
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(PINNED_SHA256)
    for name, digest in PINNED_SHA256.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest


def test_seed_files_match_the_shared_originals(shared_dir):
    for name in PINNED_SHA256:
        assert (SEEDS / name).read_bytes() == (shared_dir / "seeds" / name).read_bytes()


def test_stored_records_hold_exactly_the_seed_bytes(seeded):
    metadata = json.loads((REPO / "fixtures" / "articles.json").read_text(encoding="utf-8"))
    assert Article.objects.count() == 5
    for row in metadata:
        article = Article.objects.get(slug=row["slug"])
        assert article.text.encode("utf-8") == (SEEDS / row["file"]).read_bytes()
        assert article.sha256 == PINNED_SHA256[row["file"]]


def test_every_seed_has_provenance_with_reasoning_for_inferred_dates(seeded):
    for article in Article.objects.select_related("outlet"):
        assert article.outlet.name and article.headline and article.retrieval_note
        if article.published_basis == "inferred" or article.date_doubtful:
            assert len(article.published_note) > 40, article.slug


def test_afp_piece_date_is_inferred_monday_23_august(seeded):
    article = Article.objects.get(slug="taliban-say-resistance-besieged-seek-talks")
    assert article.wire == "AFP"
    assert str(article.published) == "2021-08-23"
    assert article.published_basis == "inferred"


def test_garbled_piece_keeps_printed_date_and_flags_doubt(seeded):
    article = Article.objects.get(slug="panjshir-resistance-leader-ready-for-talks")
    assert article.published_as_printed == "Thursday, October 21, 2021"
    assert article.date_doubtful is True


def test_southfront_repost_records_the_original_url(seeded):
    article = Article.objects.get(slug="taliban-besieged-panjshir-southfront-repost")
    assert article.url.startswith("https://southfront.org/")


def test_loading_twice_creates_no_duplicates(db, capsys):
    call_command("load_starter_content")
    counts = (Article.objects.count(), Sentence.objects.count())
    call_command("load_starter_content")
    assert (Article.objects.count(), Sentence.objects.count()) == counts == (5, counts[1])
    assert "already stored" in capsys.readouterr().out


def test_importing_the_same_text_twice_is_refused_with_a_clear_message(db):
    outlet = OutletFactory()
    first = article_import(text="Same words.\n", outlet=outlet, headline="One")
    with pytest.raises(DuplicateArticle) as raised:
        article_import(text="Same words.\n", outlet=outlet, headline="Two")
    assert "already stored" in str(raised.value)
    assert first.get_absolute_url() in str(raised.value)
    assert Article.objects.count() == 1


def test_empty_text_is_refused(db):
    with pytest.raises(ArticleImportError):
        article_import(text="  \n ", outlet=OutletFactory(), headline="Empty")
    assert Article.objects.count() == 0


def test_checksum_is_sha256_of_utf8_bytes():
    assert text_sha256("é") == hashlib.sha256("é".encode()).hexdigest()


def test_stored_sentences_tile_every_seed(seeded):
    for article in Article.objects.all():
        rebuilt, cursor = [], 0
        for sentence in article.sentences.order_by("position"):
            assert sentence.start >= cursor
            assert article.text[cursor : sentence.start].strip() == ""
            assert article.text[sentence.start : sentence.end] == sentence.text
            rebuilt.append(article.text[cursor : sentence.end])
            cursor = sentence.end
        rebuilt.append(article.text[cursor:])
        assert "".join(rebuilt) == article.text
