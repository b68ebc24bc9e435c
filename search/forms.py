"""The search page's GET parameters: parsed, checked, and said back in words."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from articles.models import Article, Outlet, SentenceKind
from notes.models import Claimant, Credibility
from search.engine import NOTE_KIND, Filters
from search.syntax import parse
from search.widgets import CheckboxSelectMultiple, Select

MAX_QUERY = 300
KIND_CHOICES = [*SentenceKind.choices, (NOTE_KIND, "Reliability note")]
KIND_WORDS = {
    "headline": "headlines",
    "dateline": "datelines",
    "byline": "bylines",
    "caption": "captions",
    "body": "body sentences",
    "chrome": "page chrome",
    NOTE_KIND: "reliability notes",
}


class ListedChoices(forms.models.ModelChoiceIterator):
    """A model's choices read in one plain query. Django's own iterator reads them with
    .iterator(), a server-side cursor on PostgreSQL (declare, fetch, close): 0.7 ms more for
    each list of a few dozen outlets or claimants, on every search page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


@dataclass
class Chip:
    """One active filter, in words, with the address of the same search without it."""

    words: str
    without: str


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY,
        error_messages={
            "max_length": "The search is too long: keep it under %(limit_value)d characters."
        },
    )
    article = forms.ModelChoiceField(
        label="Article",
        queryset=Article.objects.only("pk", "slug", "headline"),
        to_field_name="slug",
        required=False,
        empty_label="Any article",
        error_messages={"invalid_choice": "There is no article with that address."},
    )
    outlet = ListedChoiceField(
        label="Outlet",
        queryset=Outlet.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any outlet",
        widget=Select,
        error_messages={"invalid_choice": "There is no outlet with that name in the reading room."},
    )
    claimant = ListedChoiceField(
        label="Claimant",
        queryset=Claimant.objects.all(),
        to_field_name="name",
        required=False,
        empty_label="Anyone",
        widget=Select,
        error_messages={"invalid_choice": "No note names that claimant."},
    )
    credibility = forms.TypedChoiceField(
        label="Credibility",
        choices=[("", "Any")] + [(v, f"{v} — {label}") for v, label in Credibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=Select,
        error_messages={"invalid_choice": "Credibility is a digit from 1 to 6."},
    )
    kind = forms.MultipleChoiceField(
        label="Kind",
        choices=KIND_CHOICES,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text="None ticked: every kind of sentence but page chrome, and notes.",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of sentence or note."},
    )
    date_from = forms.DateField(
        label="Published from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the first date as YYYY-MM-DD."},
    )
    date_to = forms.DateField(
        label="Published until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the last date as YYYY-MM-DD."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The page is a number.", "min_value": "Pages start at 1."},
    )

    def __init__(self, data: QueryDict, **kwargs):
        super().__init__(data, **kwargs)
        self.raw = data
        # Only the article chosen is listed: a select of ten thousand articles is no filter.
        chosen = data.get("article")
        self.article_chosen = (
            Article.objects.filter(slug=chosen).only("slug", "headline").first() if chosen else None
        )

    @property
    def has_filters(self) -> bool:
        """Whether any filter was given (the filters then start unfolded)."""
        return any(self.raw.get(name) for name in self.fields if name not in {"q", "page"})

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The last date is before the first: swap them.")
        query = parse(data.get("q") or "")
        if (data.get("q") or "").strip() and not query:
            self.add_error(
                "q",
                "Nothing to search for: give at least one word to find (a “-word” only leaves "
                "sentences out).",
            )
        data["query"] = query
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            article=data.get("article"),
            outlet=data.get("outlet"),
            claimant=data.get("claimant"),
            credibility=data.get("credibility"),
            kinds=tuple(data.get("kind") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def _without(self, name: str, value: str | None = None) -> str:
        rest = self.raw.copy()
        rest.pop("page", None)
        if value is None:
            rest.pop(name, None)
        else:
            rest.setlist(name, [v for v in rest.getlist(name) if v != value])
        return "?" + rest.urlencode()

    def chips(self) -> list[Chip]:
        """The filters in force, in words, each with a link that drops it."""
        data = self.cleaned_data
        chips = []
        if data.get("article"):
            chips.append(Chip(f"in “{data['article'].headline}”", self._without("article")))
        if data.get("outlet"):
            chips.append(Chip(f"from {data['outlet'].name}", self._without("outlet")))
        if data.get("claimant"):
            chips.append(Chip(f"claimed by {data['claimant'].name}", self._without("claimant")))
        if data.get("credibility"):
            label = Credibility(data["credibility"]).label.lower()
            chips.append(
                Chip(f"credibility {data['credibility']} ({label})", self._without("credibility"))
            )
        for kind in data.get("kind") or ():
            chips.append(Chip(f"only {KIND_WORDS[kind]}", self._without("kind", kind)))
        if data.get("date_from"):
            chips.append(
                Chip(
                    f"published on or after {data['date_from']:%-d %B %Y}",
                    self._without("date_from"),
                )
            )
        if data.get("date_to"):
            chips.append(
                Chip(
                    f"published on or before {data['date_to']:%-d %B %Y}", self._without("date_to")
                )
            )
        return chips
