"""The note form: parses what an editor typed; note_save does the writing."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from articles.models import Sentence
from notes.models import Claimant, Credibility, Note, Relation, Status
from notes.services import EvidenceLink, NoteInvalid, evidence_check

MAX_EVIDENCE = 50
MAX_BODY = 20_000


@dataclass
class EvidenceRow:
    """One evidence line as the form shows it: a cited sentence, its relation, ticked or not."""

    sentence: Sentence
    relation: str
    checked: bool = True


class NoteForm(forms.Form):
    """An editor's reliability note on one sentence.

    Evidence arrives as repeated `evidence=<sentence id>` values (ticked checkboxes), each with
    a `relation-<sentence id>` choice, so search results and existing links are the same field.
    """

    credibility = forms.TypedChoiceField(
        label="Information credibility",
        choices=[(value, f"{value} — {label}") for value, label in Credibility.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how credible the information is (1–6)."},
    )
    claimant = forms.ModelChoiceField(
        label="Claimant",
        queryset=Claimant.objects.all(),
        required=False,
        empty_label="— not stated —",
        help_text="Who makes the claim in this sentence.",
    )
    new_claimant = forms.CharField(
        label="Or add a claimant to the list",
        max_length=200,
        required=False,
        help_text="Leave the list at “not stated” to use a new name.",
    )
    body = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown: *emphasis*, [links](https://…), lists, > quotes.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (Status.DRAFT, "Draft — editors only"),
            (Status.PUBLISHED, "Published — everyone"),
        ],
        widget=forms.RadioSelect,
        initial=Status.DRAFT,
    )
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, sentence: Sentence, note: Note | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"n{sentence.position}-%s")
        if note is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "credibility": note.credibility,
                "claimant": note.claimant_id,
                "body": note.body,
                "status": note.status,
                "base_version": note.version,
            }
        kwargs.setdefault("initial", {"base_version": 0, "status": Status.DRAFT})
        super().__init__(*args, **kwargs)
        self.sentence = sentence
        self.note = note

    def _chosen_ids(self) -> list[int]:
        ids: list[int] = []
        for raw in self.data.getlist("evidence"):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                raise forms.ValidationError("An evidence link is not a sentence.") from None
            if value not in ids:
                ids.append(value)
        return ids

    def clean(self) -> dict:
        data = super().clean()
        if data.get("claimant") and data.get("new_claimant", "").strip():
            self.add_error(
                "new_claimant", "Choose a claimant from the list or add a new one, not both."
            )
        ids = self._chosen_ids()
        if len(ids) > MAX_EVIDENCE:
            raise forms.ValidationError(f"At most {MAX_EVIDENCE} evidence links per note.")
        found = Sentence.objects.select_related("article__outlet").in_bulk(ids)
        if len(found) != len(ids):
            raise forms.ValidationError("An evidence sentence no longer exists; search again.")
        links = [
            EvidenceLink(
                sentence=found.get(pk) or self.sentence,
                relation=self.data.get(f"relation-{pk}", Relation.CORROBORATES),
            )
            for pk in ids
        ]
        try:
            data["evidence"] = list(evidence_check(sentence=self.sentence, evidence=links).values())
        except NoteInvalid as error:
            raise forms.ValidationError(str(error)) from None
        return data

    @property
    def claimant_choice(self) -> Claimant | str | None:
        """The claimant to save: the one picked, else the new name typed (or none)."""
        return self.cleaned_data.get("claimant") or self.cleaned_data.get("new_claimant", "")

    def evidence_rows(self) -> list[EvidenceRow]:
        """The evidence lines to show: what the editor sent back, else what the note cites."""
        if self.is_bound:
            try:
                ids = self._chosen_ids()
            except forms.ValidationError:
                return []
            found = Sentence.objects.select_related("article__outlet").in_bulk(ids)
            return [
                EvidenceRow(found[pk], self.data.get(f"relation-{pk}", Relation.CORROBORATES))
                for pk in ids
                if pk in found
            ]
        if self.note is None:
            return []
        return [
            EvidenceRow(link.sentence, link.relation)
            for link in self.note.evidence.select_related("sentence__article__outlet")
            if link.sentence is not None
        ]

    def orphaned_evidence(self) -> list:
        """Evidence kept by quote only, its sentence gone from the text: shown, not editable."""
        if self.note is None:
            return []
        return list(self.note.evidence.filter(sentence__isnull=True))
