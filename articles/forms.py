"""The rules an article's metadata must meet, in one place, with their messages.

The admin's intake form is this form with the text and the outlet added; `import_articles`
runs a sidecar's record through `record_clean`, which is this form too. So a `url` of
`javascript:…`, a slug of `../../etc/passwd` or an over-long field is refused by both, with
the same words, before anything reaches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.forms.models import fields_for_model

from articles.models import Article, DateBasis, DatePrecision

# How a publication date is entered: the date, how precise and how determined, as printed.
PUBLICATION_DATE_FIELDS = (
    "published",
    "published_precision",
    "published_basis",
    "published_as_printed",
    "date_doubtful",
    "published_note",
)
# Provenance entered as on the seeds (see fixtures/articles.json), in the form's order.
PROVENANCE_FIELDS = [
    "byline",
    "outlet_as_printed",
    "wire",
    *PUBLICATION_DATE_FIELDS,
    "url",
    "retrieval_note",
    "language",
    "summary",
    "slug",
]
NOTE_MAX_CHARS = 10_000  # the free-text notes on provenance; a record, not an essay
_MONTH_ONLY = re.compile(r"\s*\d{4}-\d{2}\s*")
language_tag = RegexValidator(
    r"\A[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z",
    "Give a language tag such as en, fa, ps or en-GB.",
)


def _formfield(field: models.Field, **kwargs) -> forms.Field:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.TextField):
        kwargs["max_length"] = NOTE_MAX_CHARS
    return field.formfield(**kwargs)


class ArticleRecordForm(forms.Form):
    """An article's headline and provenance, checked by the model's own field rules."""

    headline = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField", "dir": "auto"}),
        help_text=(
            "Leave empty to take the page’s first heading or the text’s first heading-like "
            "line; you see it in the preview before saving."
        ),
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
        self.fields["language"].required = False
        self.fields["language"].validators.append(language_tag)
        self.fields["published"] = forms.DateField(
            label="Publication date",
            required=False,
            input_formats=["%Y-%m-%d", "%Y-%m"],
            widget=forms.DateInput(attrs={"type": "date"}),
            help_text="YYYY-MM-DD; YYYY-MM when only the month is known.",
        )
        for name in ("published_precision", "published_basis"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        data["headline"] = " ".join((data.get("headline") or "").split())
        data["language"] = data.get("language") or "en"
        data["published_basis"] = data.get("published_basis") or DateBasis.PRINTED
        precision = data.get("published_precision") or DatePrecision.DAY
        raw = self.data.get(self.add_prefix("published")) or ""
        if isinstance(raw, str) and _MONTH_ONLY.fullmatch(raw) and "published" in data:
            if precision == DatePrecision.APPROXIMATE:
                self.add_error(
                    "published_precision",
                    f"“{raw.strip()}” gives only the month: the precision is “month”.",
                )
            precision = DatePrecision.MONTH
        data["published_precision"] = precision
        return data

    def record_fields(self) -> dict[str, object]:
        """The cleaned provenance, as keyword arguments for the import services."""
        return {name: self.cleaned_data[name] for name in PROVENANCE_FIELDS}


# --------------------------------------------------------------------------------------------
# A sidecar record (import_articles, the seeds)
# --------------------------------------------------------------------------------------------

# Keys a sidecar FILE.json (or a row of fixtures/articles.json) may carry.
RECORD_KEYS = frozenset({"headline", "outlet", "author", "copy_of", *PROVENANCE_FIELDS})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an article to load, and the field or key it is about."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass
class CleanRecord:
    fields: dict[str, object]  # provenance for the services
    headline: str
    outlet: str  # the outlet's name as given
    copy_of: str | bool | None  # a slug, False for "not a copy", None when not said
    problems: list[Problem]


def record_clean(record: Mapping[str, object]) -> CleanRecord:
    """A sidecar's metadata checked by ArticleRecordForm; every problem is reported at once."""
    problems = [
        Problem(key, "unknown key (known: " + ", ".join(sorted(RECORD_KEYS)) + ")")
        for key in sorted(set(record) - RECORD_KEYS)
    ]
    data: dict[str, object] = {}
    record = dict(record)
    if "author" in record:
        if record.get("byline"):
            problems.append(Problem("author", "give the byline or the author, not both"))
        record["byline"] = record.pop("author")
    copy_of = record.pop("copy_of", None)
    if copy_of is not None and not isinstance(copy_of, str | bool) or copy_of is True:
        problems.append(Problem("copy_of", "must be the stored article's slug, or false"))
        copy_of = None
    outlet = record.pop("outlet", "")
    for key, value in record.items():
        if key not in RECORD_KEYS:
            continue
        if key == "date_doubtful":
            if not isinstance(value, bool):
                problems.append(Problem(key, "must be true or false"))
            elif value:
                data[key] = "on"
        elif value is not None and not isinstance(value, str):
            problems.append(Problem(key, "must be a string"))
        elif value:
            data[key] = value
    if outlet is not None and not isinstance(outlet, str):
        problems.append(Problem("outlet", "must be a string"))
        outlet = ""
    form = ArticleRecordForm(data=data)
    form.is_valid()
    for name, messages in form.errors.items():
        problems.extend(Problem(name, str(message)) for message in messages)
    clean = form.cleaned_data
    fields = {name: clean[name] for name in PROVENANCE_FIELDS if name in clean}
    return CleanRecord(
        fields=fields,
        headline=clean.get("headline", ""),
        outlet=" ".join((outlet or "").split()),
        copy_of=copy_of or (False if copy_of is False else None),
        problems=problems,
    )
