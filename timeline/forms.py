"""The timeline's filters and the editor's forms for linking a sentence to an event."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from articles.models import Article
from notes.models import Claimant, Credibility, Note
from timeline.models import Event, EventEvidence, Role
from timeline.services import EvidenceAlreadyLinked, evidence_already_linked


class FlagInput(forms.CheckboxInput):
    """A checkbox read strictly: only "1", "on" or "true" turn it on (so "contested=0" is off)."""

    def value_from_datadict(self, data, files, name) -> bool:
        return str(data.get(name, "")).strip().lower() in {"1", "on", "true"}


class TimelineFilterForm(forms.Form):
    """Plain GET filters, so a filtered timeline is a bookmarkable URL."""

    source = forms.ChoiceField(label="Source", required=False)
    claimant = forms.ChoiceField(label="Claimant", required=False)
    credibility = forms.TypedChoiceField(
        label="Credibility",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any credibility")]
        + [(value, f"{value} — {label}") for value, label in Credibility.choices],
    )
    contested = forms.BooleanField(
        label="Contested events only", required=False, widget=FlagInput(attrs={"value": "1"})
    )

    def __init__(
        self,
        *args,
        events: QuerySet[Event] | None = None,
        include_draft_notes: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only the sources and claimants the timeline quotes: the lists stay short, and cheap
        # to read, however large the corpus (a claimant of no quoted note matches nothing).
        evidence = EventEvidence.objects.filter(
            event__in=Event.objects.published() if events is None else events
        )
        articles = (
            Article.objects.filter(pk__in=evidence.values("sentence__article"))
            .order_by("published", "slug")
            .values_list("slug", "outlet__name", "headline")
        )
        self.fields["source"].choices = [("", "All sources")] + [
            (slug, f"{outlet}: {headline}") for slug, outlet, headline in articles
        ]
        # Only names a reader can already see: claimants of published notes (a name typed
        # into a draft is the editor's, not the newsroom's, until the note is published).
        notes = Note.objects.all() if include_draft_notes else Note.objects.published()
        quoted = notes.filter(sentence__in=evidence.values("sentence"))
        named = (
            Claimant.objects.filter(pk__in=quoted.values("claimant"))
            .order_by("name")
            .values_list("name", flat=True)
        )
        self.fields["claimant"].choices = [("", "Any claimant")] + [(name, name) for name in named]

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def description(self) -> str:
        """The filters in force, in words, for the page and the printout ("contested only; …")."""
        if not self.active:
            return ""
        parts = []
        for name in ("source", "claimant", "credibility"):
            value = self.cleaned_data[name]
            if value:
                label = dict(self.fields[name].choices)[value]
                parts.append(f"{self.fields[name].label.lower()}: {label}")
        if self.cleaned_data["contested"]:
            parts.append("contested events only")
        return "; ".join(parts)


class EvidenceAddForm(forms.Form):
    """Add a sentence to an event that already exists."""

    event = forms.ModelChoiceField(
        label="Event", queryset=Event.objects.order_by("date", "title"), empty_label="Choose…"
    )
    role = forms.ChoiceField(label="This sentence", choices=Role.choices, initial=Role.REPORTS)

    def __init__(self, *args, sentence=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sentence = sentence

    def clean(self) -> dict:
        cleaned = super().clean()
        event = cleaned.get("event")
        if event and self.sentence and evidence_already_linked(event=event, sentence=self.sentence):
            raise forms.ValidationError(str(EvidenceAlreadyLinked(event)))
        return cleaned


class EventFromSentenceForm(forms.ModelForm):
    """A new event, started from the sentence that reports or claims it."""

    role = forms.ChoiceField(label="This sentence", choices=Role.choices, initial=Role.REPORTS)

    class Meta:
        model = Event
        fields = ["date", "date_precision", "end_date", "title", "place", "summary"]
        labels = {"date": "Date", "end_date": "End date (if it lasted)", "summary": "Summary"}
        help_texts = {
            "summary": "Markdown. Neutral words; say whose claim it is.",
            "date_precision": "Say “approximate” when the sources only bracket the day.",
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return cleaned
