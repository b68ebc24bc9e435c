"""The note form: parses what an editor typed; note_save does the writing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django import forms

from articles.models import Sentence
from notes.independence import (
    Cited,
    Origin,
    cited_label,
    independence_problems,
    is_caption,
    origins_of,
)
from notes.models import Claimant, Credibility, GradeAbout, Note, Relation, Status
from notes.services import EvidenceLink, NoteInvalid, evidence_check

MAX_EVIDENCE = 50
MAX_BODY = 20_000


def row_id(raw: str) -> int | None:
    """A database id from a query value: ASCII digits that fit a 64-bit integer, else None.

    str.isdigit() accepts "²" and "٣", and SQLite overflows on 20 digits: neither is an id.
    """
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


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
    grade_about = forms.ChoiceField(
        label="The grade is about",
        choices=GradeAbout.choices,
        widget=forms.RadioSelect,
        initial=GradeAbout.CLAIM,
        required=False,
        help_text=(
            "Normally the claim about the world. Choose “that the statement was made” only "
            "when you grade that it was said; the badge then says so beside the sentence."
        ),
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
    # The warnings the editor was shown, as a digest: the same warnings again do not stop
    # the save; a new one is shown first.
    warnings_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sentence: Sentence, note: Note | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"n{sentence.position}-%s")
        if note is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "credibility": note.credibility,
                "grade_about": note.grade_about,
                "claimant": note.claimant_id,
                "body": note.body,
                "status": note.status,
                "base_version": note.version,
            }
        kwargs.setdefault(
            "initial", {"base_version": 0, "status": Status.DRAFT, "grade_about": GradeAbout.CLAIM}
        )
        super().__init__(*args, **kwargs)
        self.sentence = sentence
        self.note = note
        # Before saving, the editor sees what the independence rule finds: in what they
        # sent, or (on first opening the form) in the note as it stands.
        self.warnings: list[str] = [] if self.is_bound else self._note_warnings()

    def _chosen_ids(self) -> list[int]:
        ids: list[int] = []
        for raw in self.data.getlist("evidence"):
            value = row_id(raw)
            if value is None:
                raise forms.ValidationError("An evidence link is not a sentence.")
            if value not in ids:
                ids.append(value)
        return ids

    def _relation(self, pk: int) -> str:
        """The relation chosen for a cited sentence: the first one the page sends for it (the
        chosen row comes first; the same sentence may also stand among results or
        suggestions, each with its own untouched choice)."""
        return (self.data.getlist(f"relation-{pk}") or [Relation.CORROBORATES])[0]

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
                relation=self._relation(pk),
            )
            for pk in ids
        ]
        try:
            data["evidence"] = list(evidence_check(sentence=self.sentence, evidence=links).values())
        except NoteInvalid as error:
            raise forms.ValidationError(str(error)) from None
        data["grade_about"] = data.get("grade_about") or GradeAbout.CLAIM
        if data.get("credibility"):
            self.warnings = self._independence_warnings(data, data["evidence"])
        return data

    def _independence_warnings(self, data: dict, links: list[EvidenceLink]) -> list[str]:
        """What the independence rule finds in what the editor is about to save."""
        claimant = data.get("claimant")
        if claimant is None and data.get("new_claimant", "").strip():
            claimant = Claimant.objects.filter(name__iexact=data["new_claimant"].strip()).first()
        origins = origins_of(link.sentence.pk for link in links)
        cited = [
            Cited(link.relation, origins[link.sentence.pk], cited_label(link.sentence))
            for link in links
            if link.sentence.pk in origins
        ]
        problems = independence_problems(
            origin=Origin.of(self.sentence.article, claimant, caption=is_caption(self.sentence)),
            credibility=data["credibility"],
            cited=cited,
        )
        return [problem.message for problem in problems]

    def _note_warnings(self) -> list[str]:
        if self.note is None:
            return []
        links = [
            EvidenceLink(sentence=link.sentence, relation=link.relation)
            for link in self.note.evidence.select_related("sentence__article__outlet")
            if link.sentence is not None
        ]
        data = {
            "claimant": self.note.claimant,
            "credibility": self.note.credibility,
            "grade_about": self.note.grade_about,
        }
        return self._independence_warnings(data, links)

    @property
    def warnings_digest(self) -> str:
        return hashlib.sha256("\n".join(self.warnings).encode()).hexdigest()[:16]

    @property
    def warnings_unseen(self) -> bool:
        """Warnings the editor has not yet been shown for this very content."""
        return bool(self.warnings) and self.cleaned_data.get("warnings_seen") != (
            self.warnings_digest
        )

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
                EvidenceRow(
                    found[pk], (self.data.getlist(f"relation-{pk}") or [Relation.CORROBORATES])[0]
                )
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
