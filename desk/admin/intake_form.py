"""The desk's form for loading an article: the text or file, its provenance, and the preview
state carried between the two steps. It parses and checks input; the write is a service."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import replace

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.copies import body_of, duplicate_of, near_copies, report_of
from articles.forms import ArticleRecordForm
from articles.headlines import HeadlineProposal, headline_propose
from articles.intake import (
    Intake,
    IntakeError,
    intake_from_file,
    intake_from_paste,
    intake_segments,
)
from articles.models import Article, ArticleRevision, Outlet, SentenceKind
from articles.segmentation import Segment
from articles.services import ArticleImportError, DuplicateArticle

_STATE_SALT = "articles.intake.preview"
_STATE_MAX_AGE = 24 * 60 * 60  # a preview left open overnight must be started again


def duplicate_message(existing: Article, revision: ArticleRevision | None = None) -> str:
    """“Already stored as …”, linking the stored article in the admin and on the site."""
    if revision is not None:
        return format_html(
            'This text is an earlier version of “<a href="{}">{}</a>” '
            '(<a href="{}">public page</a>), corrected since (revision {}): loading it '
            "again would undo the correction.",
            reverse("admin:articles_article_change", args=[existing.pk]),
            existing.headline,
            existing.get_absolute_url(),
            revision.number,
        )
    return format_html(
        'This text is already stored as “<a href="{}">{}</a>” (<a href="{}">public page</a>).',
        reverse("admin:articles_article_change", args=[existing.pk]),
        existing.headline,
        existing.get_absolute_url(),
    )


class ArticleIntakeForm(ArticleRecordForm):
    """Step 1: the text (pasted or a file) and its metadata; step 2 carries the text as a
    signed token so that what was previewed is exactly what is saved.

    Every problem the desk can fix is found at the preview, on its field: a duplicate (on the
    text), a missing or guessed headline, an unknown outlet, a likely copy of a stored
    article (with the choice of recording it as one).
    """

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
    headline_guess = forms.CharField(required=False, widget=forms.HiddenInput)
    headline_confirmed = forms.BooleanField(
        label="This is the article’s headline",
        required=False,
        help_text="Tick to keep a headline taken from the page, or type the right one above.",
    )
    copy_of = forms.ModelChoiceField(
        label="Copy of",
        queryset=Article.objects.all(),
        required=False,
        empty_label="Not a copy: a separate report",
        help_text=(
            "Stored as a source of its own either way; a copy is counted with the report it "
            "copies, not as independent confirmation."
        ),
    )
    copies_checked = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["text", "file", "headline", "headline_confirmed", "outlet", "new_outlet"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.intake: Intake | None = None
        self.source_field: str | None = None  # the field the text came from in this request
        self.segments: list[Segment] = []
        self.proposal: HeadlineProposal | None = None
        self.near = []
        self.headline_needs_confirming = False

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
        self.segments = intake_segments(self.intake, language=data.get("language") or "")
        stored = duplicate_of(self.intake.text)
        if stored is not None:
            self.add_error(
                self.source_field or "text", duplicate_message(stored.article, stored.revision)
            )
        self._outlet_check(data)
        self._headline_check(data)
        self._copy_check(data)
        slug = data.get("slug")
        if slug and Article.objects.filter(slug=slug).exists():
            self.add_error("slug", f"The slug “{slug}” is already taken.")
        return data

    def _outlet_check(self, data: dict) -> None:
        if "outlet" in self.errors:
            return
        if data.get("outlet") is None and not data.get("new_outlet", "").strip():
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

    def _headline_check(self, data: dict) -> None:
        """An empty headline is proposed from the text; one from page furniture is confirmed."""
        self.proposal = headline_propose(self.intake, self.segments)
        if "headline" in self.errors:
            return
        guess = data.get("headline_guess") or ""
        if not data.get("headline"):
            if self.proposal is None:
                self.add_error(
                    "headline", "The text has no heading-like line to take it from: type it."
                )
                return
            guess = self.proposal.text
            self._data_set("headline", guess)
            self._data_set("headline_guess", guess)
            data["headline"] = data["headline_guess"] = guess
        taken = guess and data["headline"] == guess and self.proposal is not None
        if taken:
            self._help_set(
                "headline",
                format_html(
                    "Taken from {}{}.",
                    self.proposal.source,
                    ": it may be page furniture, so confirm it or type the right one"
                    if self.proposal.furniture
                    else ": check it before saving",
                ),
            )
        self.headline_needs_confirming = bool(taken and self.proposal.furniture)
        if (
            self.headline_needs_confirming
            and self.source_field is None
            and not data.get("headline_confirmed")
        ):
            self.add_error(
                "headline_confirmed",
                f"The headline was taken from {self.proposal.source} and may be page "
                "furniture: tick to confirm it, or type the right one.",
            )

    def _copy_check(self, data: dict) -> None:
        """A text that mostly repeats a stored article: offer to record it as a copy."""
        body = body_of((seg.kind.value, seg.text) for seg in self.segments)
        self.near = near_copies(body)
        reports = {report_of(copy.article).pk for copy in self.near}
        candidates = {copy.article.pk for copy in self.near} | reports
        chosen = data.get("copy_of")
        if chosen is not None:
            candidates.add(chosen.pk)
        self.fields["copy_of"].queryset = Article.objects.filter(pk__in=candidates).order_by(
            "published", "slug"
        )
        if self.near and not data.get("copies_checked"):
            # First look at this text: propose the report it copies; the desk may say no.
            best = report_of(self.near[0].article)
            self._data_set("copy_of", str(best.pk))
            data["copy_of"] = best
        self._data_set("copies_checked", "1")
        if self.near:
            self._help_set(
                "copy_of",
                format_html(
                    "{} {}",
                    format_html_join(
                        " ",
                        'This looks like a copy of “<a href="{}">{}</a>” '
                        "({} % of the body matches).",
                        (
                            (copy.article.get_absolute_url(), copy.article.headline, copy.percent)
                            for copy in self.near
                        ),
                    ),
                    self.fields["copy_of"].help_text,
                ),
            )

    def _help_set(self, name: str, text: str) -> None:
        """Say something on a field at the preview (its bound field is made afresh)."""
        self.fields[name].help_text = text
        self._bound_fields_cache.pop(name, None)

    def _data_set(self, name: str, value: str) -> None:
        data = self.data.copy()
        data[name] = value
        self.data = data

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
        return {
            **self.record_fields(),
            "headline": data["headline"].strip(),
            "outlet": data["outlet"],
            "new_outlet": data["new_outlet"],
            "copy_of": data.get("copy_of"),
            "segments": self.segments,
        }

    def service_error(self, error: ArticleImportError) -> None:
        """Show a refusal from the service on the field it is about."""
        name = error.field if error.field in self.fields else None
        if error.field == "text":
            name = self.source_field or "text"
        message = (
            duplicate_message(error.existing, error.revision)
            if isinstance(error, DuplicateArticle)
            else error
        )
        self.add_error(name, message)


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
