"""Forms the desk uses in the admin: loading an article, correcting its text, and
correcting sentences. They parse and check input; the writes are services."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import replace

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.urls import reverse
from django.utils.html import format_html

from articles.intake import Intake, IntakeError, headline_guess, intake_from_file, intake_from_paste
from articles.models import Article, Outlet, SentenceKind, text_sha256
from articles.segmentation import Segment
from articles.services import ArticleImportError, DuplicateArticle

# Provenance fields entered as on the seeds (see fixtures/articles.json).
PROVENANCE_FIELDS = [
    "outlet_as_printed",
    "wire",
    "published",
    "published_precision",
    "published_basis",
    "published_as_printed",
    "date_doubtful",
    "published_note",
    "url",
    "retrieval_note",
    "language",
    "summary",
    "slug",
]
_STATE_SALT = "articles.intake.preview"
_STATE_MAX_AGE = 24 * 60 * 60  # a preview left open overnight must be started again


def duplicate_message(existing: Article) -> str:
    """“Already stored as …”, linking the stored article in the admin and on the site."""
    return format_html(
        'This text is already stored as “<a href="{}">{}</a>” (<a href="{}">public page</a>).',
        reverse("admin:articles_article_change", args=[existing.pk]),
        existing.headline,
        existing.get_absolute_url(),
    )


class ArticleIntakeForm(forms.Form):
    """Step 1: the text (pasted or a file) and its metadata; step 2 carries the text as a
    signed token so that what was previewed is exactly what is saved."""

    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField", "dir": "auto"}),
        help_text="Exactly as published. Line endings become LF; nothing else is changed.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.html,.htm,.pdf,text/plain,text/html,application/pdf"}
        ),
        help_text=(
            "A .txt file in UTF-8, an .html page (read by the character set it declares) or a "
            "PDF with a text layer, up to 1 MB. A web page is turned into its text (paragraphs "
            "kept; scripts, styles and markup dropped), a PDF into the text of its pages. The "
            "file is kept as evidence."
        ),
    )
    state = forms.CharField(required=False, widget=forms.HiddenInput)
    headline = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField", "dir": "auto"}),
        help_text=(
            "Leave empty to take the page’s first heading or the text’s first heading-like "
            "line; you see it in the preview before saving."
        ),
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        error_messages={
            "invalid_choice": "Unknown outlet: choose one from the list, or name a new one below."
        },
    )
    new_outlet = forms.CharField(
        label="…or a new outlet",
        max_length=200,
        required=False,
        help_text="Creates the outlet with source reliability F (cannot be judged) until graded.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(Article, fields=PROVENANCE_FIELDS, formfield_callback=_formfield)
        )
        for field in self.fields.values():  # the admin's own widths
            if isinstance(field.widget, forms.TextInput | forms.URLInput):
                field.widget.attrs.setdefault("class", "vTextField")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to make one from the headline."
        self.fields["published"].widget = forms.DateInput(attrs={"type": "date"})
        self.intake: Intake | None = None
        self.source_field: str | None = None  # the field the text came from in this request

    # ----------------------------------------------------------------------------------------
    # The text
    # ----------------------------------------------------------------------------------------

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit = settings.ARTICLE_MAX_BYTES
        if upload.size > limit:  # refuse before reading it
            raise ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes "
                f"({limit / 1_000_000:g} MB)."
            )
        try:
            return intake_from_file(upload.read(), upload.name, max_bytes=limit)
        except IntakeError as error:
            raise ValidationError(str(error)) from None

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if not text:
            return None
        try:
            return intake_from_paste(text, max_bytes=settings.ARTICLE_MAX_BYTES)
        except IntakeError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        from_file, from_text = data.get("file"), data.get("text")
        if "file" in self.errors or "text" in self.errors:
            return data
        if from_file and from_text:
            self.add_error("file", "Paste the text or upload a file, not both.")
            return data
        if from_file or from_text:
            self.intake = from_file or from_text
            self.source_field = "file" if from_file else "text"
        elif data.get("state"):
            try:
                self.intake = _state_load(data["state"])
            except (signing.BadSignature, IntakeError, KeyError, ValueError):
                raise ValidationError(
                    "The preview has expired or was altered; paste or upload the text again."
                ) from None
        else:
            self.add_error("text", "Paste the text or upload a file.")
            return data
        existing = Article.objects.filter(sha256=text_sha256(self.intake.text)).first()
        if existing is not None:
            self.add_error(self.source_field, duplicate_message(existing))
        if data.get("outlet") is None and not data.get("new_outlet", "").strip():
            if "outlet" not in self.errors:
                self.add_error("outlet", "Choose the outlet or name a new one.")
        elif data.get("outlet") is not None and data.get("new_outlet", "").strip():
            self.add_error("new_outlet", "Choose an outlet or name a new one, not both.")
        elif data.get("new_outlet", "").strip():
            name = " ".join(data["new_outlet"].split())
            existing_outlet = Outlet.objects.filter(name__iexact=name).first()
            if existing_outlet is not None:
                self.add_error(
                    "new_outlet",
                    f"“{existing_outlet.name}” is already an outlet: choose it from the list.",
                )
        slug = data.get("slug")
        if slug and Article.objects.filter(slug=slug).exists():
            self.add_error("slug", f"The slug “{slug}” is already taken.")
        return data

    def state_token(self) -> str:
        """The text (or file) as a signed token for the preview step."""
        assert self.intake is not None
        intake = self.intake
        payload = {"filename": intake.filename}
        if intake.original is not None:
            payload["data"] = base64.b64encode(intake.original).decode("ascii")
        else:
            payload["text"] = intake.text
            payload["crlf"] = intake.line_endings_changed
        return signing.dumps(payload, salt=_STATE_SALT, compress=True)

    def headline_suggest(self) -> None:
        """Fill an empty headline with one taken from the text, for the desk to confirm."""
        if self.intake is None or self.cleaned_data.get("headline"):
            return
        guess = headline_guess(self.intake)
        if guess:
            data = self.data.copy()
            data["headline"] = guess
            self.data = data
            self.cleaned_data["headline"] = guess

    def language_suggest(self) -> None:
        """On the first preview, take the language the page declares (<html lang>) when the
        desk left the default: it decides how the text is split into sentences."""
        if self.intake is None or not self.intake.language or self.data.get("state"):
            return
        if (self.data.get("language") or "en") != "en":
            return
        data = self.data.copy()
        data["language"] = self.intake.language[:20]
        self.data = data
        if hasattr(self, "cleaned_data") and "language" in self.cleaned_data:
            self.cleaned_data["language"] = data["language"]

    def article_fields(self) -> dict[str, object]:
        """Keyword arguments for services.intake_store."""
        data = self.cleaned_data
        fields = {name: data[name] for name in PROVENANCE_FIELDS}
        fields["language"] = fields["language"] or "en"
        return {
            **fields,
            "headline": data["headline"].strip(),
            "outlet": data["outlet"],
            "new_outlet": data["new_outlet"],
        }

    def service_error(self, error: ArticleImportError) -> None:
        """Show a refusal from the service on the field it is about."""
        name = error.field if error.field in self.fields else None
        if error.field == "text":
            name = self.source_field
        message = (
            duplicate_message(error.existing) if isinstance(error, DuplicateArticle) else error
        )
        self.add_error(name, message)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _state_load(token: str) -> Intake:
    payload = signing.loads(token, salt=_STATE_SALT, max_age=_STATE_MAX_AGE)
    limit = settings.ARTICLE_MAX_BYTES
    if "data" in payload:
        return intake_from_file(
            base64.b64decode(payload["data"]), payload["filename"], max_bytes=limit
        )
    intake = intake_from_paste(payload["text"], max_bytes=limit)
    return replace(intake, line_endings_changed=bool(payload.get("crlf")))


def kinds_from(post: Mapping[str, str], segments: Sequence[Segment]) -> dict[int, str]:
    """The kinds the desk chose in the preview (position → kind), where they are valid."""
    kinds: dict[int, str] = {}
    for seg in segments:
        chosen = post.get(f"kind-{seg.position}")
        if chosen in SentenceKind.values:
            kinds[seg.position] = chosen
    return kinds


class TextCorrectionForm(forms.Form):
    text = forms.CharField(
        label="Corrected text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField", "dir": "auto"}),
        help_text=(
            "The whole text as it should be stored. The current text is kept as a revision; "
            "notes and evidence follow their sentences by quote."
        ),
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the old text: what was wrong, and where the right text came from.",
    )


class SentenceSplitForm(forms.Form):
    """Where to split, marked by the desk with a | typed into the sentence's own text."""

    MARK = "|"

    marked = forms.CharField(
        label="Sentence with a split mark",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField", "dir": "auto"}),
        help_text="Type a | where the new sentence should begin; change nothing else.",
    )

    def __init__(self, *args, sentence_text: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sentence_text = sentence_text

    def clean_marked(self) -> int:
        """The split point: the offset where one | was inserted into the unchanged text."""
        marked = line_free(self.cleaned_data["marked"])
        original = line_free(self.sentence_text)
        if len(marked) != len(original) + 1:
            raise ValidationError("Insert exactly one | and change nothing else.")
        at = next(
            (i for i, (a, b) in enumerate(zip(marked, original, strict=False)) if a != b),
            len(original),
        )
        if marked[at] != self.MARK or marked[:at] + marked[at + 1 :] != original:
            raise ValidationError("Insert exactly one | and change nothing else.")
        return at


def line_free(text: str) -> str:
    """Browsers send CRLF from textareas; a sentence's own text has LF."""
    return text.replace("\r\n", "\n")
