"""Real-world messy input through the whole path — admin form or import command, service,
database, public page — with the sentences still tiling the text exactly."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article
from tests.factories import OutletFactory
from tests.tiling import assert_sentences_tile

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"

MESSY = {
    "windows_line_endings": (
        "Taliban say resistance besieged\r\n\r\nKABUL, Aug 23 (AFP) - The Taliban said Monday "
        "their fighters had surrounded the valley.\r\nResistance forces said they were holding "
        "strong.\r\n\r\nTalks were expected.\r\n"
    ),
    "non_breaking_spaces": (
        "Resistance\u00a0leader ready to fight\n\nKabul\u00a0(AFP)\u00a0— Ahmad\u00a0Massoud "
        "said 9,000\u00a0fighters were ready.\u00a0Aides said talks were possible.\n"
    ),
    "curly_quotes": (
        "‘Besieged’ valley holds out\n\n“The Islamic Emirate is trying to resolve this issue "
        "peacefully,” he added. Pro-resistance accounts called it ‘propaganda’ — ‘not true’.\n"
    ),
    "right_to_left_names": (
        "Massoud vows to resist\n\nAhmad Massoud (احمد مسعود) said the valley would not fall. "
        "Spokesman Zabihullah Mujahid (ذبیح‌الله مجاهد) disagreed.\n\n"
        "احمد مسعود گفت که مقاومت ادامه دارد. د پنجشیر دره به ونه نیول شي.\n"
    ),
    "emoji": (
        "Resistance posts photos 📸 from the valley\n\nSupporters shared 🇦🇫 flags and 💪 emoji. "
        "One family 👨‍👩‍👧 wrote that they were safe. Others posted 🙏🏽.\n"
    ),
}


@pytest.fixture
def outlet():
    return OutletFactory(name="Messy Wire")


def through_admin(client, text: str, outlet, *, as_file: bool) -> Article:
    data = {
        "headline": "Messy input",
        "outlet": outlet.pk,
        "published_precision": "day",
        "published_basis": "printed",
        "language": "en",
    }
    if as_file:
        source = {"file": SimpleUploadedFile("messy.txt", text.encode("utf-8"))}
    else:
        source = {"text": text}
    step2 = client.post(ADD, {"_preview": "1", **data, **source})
    assert step2.status_code == 200 and step2.context["preview"], step2.context["form"].errors
    kinds = {}
    if step2.context["kinds_editable"]:
        kinds = {f"kind-{seg.position}": chosen for seg, chosen in step2.context["rows"]}
    saved = client.post(ADD, {"_save": "1", "state": step2.context["state"], **data, **kinds})
    assert saved.status_code == 302
    return Article.objects.get()


def through_command(tmp_path, text: str, outlet) -> Article:
    path = tmp_path / "messy.txt"
    path.write_bytes(text.encode("utf-8"))
    (tmp_path / "messy.txt.json").write_text(
        json.dumps({"outlet": outlet.name, "headline": "Messy input"}), encoding="utf-8"
    )
    call_command("import_articles", str(path))
    return Article.objects.get()


def assert_page_shows_every_sentence(client, article: Article) -> None:
    response = client.get(article.get_absolute_url() + "?as=captured")
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    spans = re.findall(
        r'data-sentence="(\d+)"><span class="sentence__text"[^>]*>(.*?)</span>', page, re.S
    )
    assert [text for _, text in spans] == list(
        article.sentences.order_by("position").values_list("text", flat=True)
    )


@pytest.mark.parametrize("name", MESSY)
@pytest.mark.parametrize("path", ["pasted", "uploaded", "command"])
def test_messy_text_survives_the_whole_path_with_tiling(
    name, path, desk_client, outlet, tmp_path, media_root
):
    raw = MESSY[name]
    if path == "command":
        article = through_command(tmp_path, raw, outlet)
    else:
        article = through_admin(desk_client, raw, outlet, as_file=path == "uploaded")
    expected = raw.replace("\r\n", "\n")
    assert article.text == expected  # only the line endings change
    assert_sentences_tile(article)
    assert_page_shows_every_sentence(desk_client, article)


def test_pasted_and_uploaded_copies_of_one_crlf_text_are_the_same_record(
    desk_client, outlet, media_root
):
    raw = MESSY["windows_line_endings"]
    through_admin(desk_client, raw, outlet, as_file=False)
    data = {"headline": "Again", "outlet": outlet.pk, "language": "en"}
    upload = SimpleUploadedFile("again.txt", raw.encode())
    response = desk_client.post(ADD, {"_preview": "1", "file": upload, **data})
    assert "already stored" in response.context["form"].errors["file"][0]


TEN_THOUSAND = "Ten thousand sentences\n\n" + "\n\n".join(
    " ".join(
        f"In district {p * 10 + i} fighters said they held the line."
        for i in range(1, 11)
        if p * 10 + i <= 9_999
    )
    for p in range(1_000)
)


def test_ten_thousand_sentences_through_the_admin(desk_client, outlet, media_root):
    article = through_admin(desk_client, TEN_THOUSAND, outlet, as_file=True)
    assert article.sentences.count() == 10_000
    assert_sentences_tile(article)
    assert_page_shows_every_sentence(desk_client, article)


def test_ten_thousand_sentences_through_the_command(tmp_path, client, outlet, media_root):
    article = through_command(tmp_path, TEN_THOUSAND, outlet)
    assert article.sentences.count() == 10_000
    assert_sentences_tile(article)
