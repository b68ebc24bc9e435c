"""`manage.py correct_article`: the admin's correction, from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticleRevision
from tests.factories import make_besieged_article, make_note

pytestmark = pytest.mark.django_db

TEXT = (
    "Taliban say resistance besieged\n\n"
    "The Taliban said on Monday that their fighters had surrounded the valley. "
    "Resistance forces said they were holding strong. "
    "Claims from either side could not be verified.\n"
)


@pytest.fixture
def article():
    return make_besieged_article(TEXT)


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("correct_article", *args, stdout=out)
    return out.getvalue()


def test_correction_prints_what_moved_what_was_orphaned_and_which_addresses_changed(
    article, tmp_path
):
    taliban = article.sentences.get(text__startswith="The Taliban")
    claims = article.sentences.get(text__startswith="Claims")
    moved = make_note(taliban)
    orphan = make_note(claims)
    corrected = TEXT.replace("on Monday", "on Sunday").replace(
        " Claims from either side could not be verified.", ""
    )
    path = tmp_path / "corrected.txt"
    path.write_text(corrected, encoding="utf-8")
    out = run(article.slug, str(path), "--reason", "Print edition")
    assert f"corrected {article.slug}: revision 2 stored" in out
    assert f"moved note #{moved.pk} to sentence #2" in out
    assert f"orphaned note #{orphan.pk}:" in out
    assert f"address /articles/{article.slug}/s/{claims.key}/ now answers 410 Gone" in out
    assert f"address /articles/{article.slug}/s/{taliban.key}/ corrected" in out
    article.refresh_from_db()
    assert article.text == corrected
    assert ArticleRevision.objects.get(article=article).reason == "Print edition"


@pytest.mark.parametrize(
    "content,reason,message",
    [
        (TEXT.replace("Monday", "Sunday"), "  ", "say why"),
        (TEXT, "Nothing really", "unchanged"),
        (b"%PDF-1.7\n\x00\x01binary", "A PDF", "PDF"),
    ],
)
def test_refusals_exit_non_zero_with_the_reason_and_change_nothing(
    article, tmp_path, content, reason, message
):
    path = tmp_path / "corrected.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=f"(?i)refused: .*{message}"):
        run(article.slug, str(path), "--reason", reason)
    article.refresh_from_db()
    assert article.text == TEXT and not ArticleRevision.objects.exists()


def test_an_unknown_slug_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Some text.", encoding="utf-8")
    with pytest.raises(CommandError, match="no article has the slug"):
        run("no-such-article", str(path), "--reason", "Why")
