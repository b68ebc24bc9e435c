"""Saving a reliability note: its grade, claimant, evidence and a revision, in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Sentence
from articles.services import quote_anchor_for
from articles.writes import write_announce
from notes.markup import render_markdown
from notes.models import (
    Claimant,
    Credibility,
    Evidence,
    GradeAbout,
    Note,
    NoteRevision,
    Relation,
    Status,
)
from pagecache.stamps import pages_of, rows_changed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class NoteInvalid(ValueError):
    """A note that cannot be saved as given, with a message fit for the desk."""


class StaleNote(Exception):
    """A save made from an older version of the note than the one stored.

    Carries the current note so the editor can see both versions; nothing is overwritten.
    """

    def __init__(self, current: Note):
        self.current = current
        super().__init__(
            f"This note was saved by someone else while you were editing "
            f"(it is now at version {current.version})."
        )


@dataclass(frozen=True)
class EvidenceLink:
    """Another sentence cited by a note: it corroborates, contradicts or repeats it."""

    sentence: Sentence
    relation: str = Relation.CORROBORATES


def evidence_check(
    *, sentence: Sentence, evidence: Sequence[EvidenceLink]
) -> dict[int, EvidenceLink]:
    """The rules an evidence list must keep (the form asks here too): a known relation, and
    never the note's own sentence. One link per cited sentence; the last one given wins."""
    links: dict[int, EvidenceLink] = {}
    for link in evidence:
        if link.relation not in Relation.values:
            raise NoteInvalid(
                f"Unknown evidence relation {link.relation!r}: evidence "
                + " or ".join(label.lower() for label in Relation.labels)
                + "."
            )
        if link.sentence.pk == sentence.pk:
            raise NoteInvalid("A sentence cannot be evidence for itself.")
        links[link.sentence.pk] = link
    return links


def _claimant_for(claimant: Claimant | str | None) -> Claimant | None:
    """A chosen claimant, or a new name added to the list editors pick from."""
    if claimant is None or isinstance(claimant, Claimant):
        return claimant
    name = " ".join(claimant.split())
    if not name:
        return None
    if len(name) > Claimant._meta.get_field("name").max_length:
        raise NoteInvalid("A claimant's name can be at most 200 characters.")
    existing = Claimant.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the note's save intact
            return Claimant.objects.create(name=name)
    except IntegrityError:
        # Another editor added the same name a moment ago: use theirs.
        return Claimant.objects.get(name=name)


def _evidence_snapshot(note: Note) -> list[dict[str, object]]:
    """The note's evidence as plain data for its revision record."""
    return [
        {
            "article": link.sentence.article.slug if link.sentence else None,
            "position": link.sentence.position if link.sentence else None,
            "quote": link.quote_exact,
            "relation": link.relation,
        }
        for link in note.evidence.select_related("sentence__article")
    ]


@transaction.atomic
def note_save(
    *,
    sentence: Sentence,
    editor: AbstractBaseUser | None,
    credibility: int,
    claimant: Claimant | str | None,
    body: str,
    status: str,
    evidence: Sequence[EvidenceLink],
    base_version: int,
    grade_about: str = GradeAbout.CLAIM,
) -> Note:
    """Create or update the note on `sentence` and record the save as a revision.

    `base_version` is the version the editor started from (0 for a new note); a save made
    from any other version raises StaleNote and changes nothing. `claimant` may be a new
    name, which is added to the list. Evidence citing sentences replaces what the note had;
    evidence whose sentence has gone from the text is kept.
    """
    if credibility not in Credibility.values:
        raise NoteInvalid(f"Credibility must be 1 to 6, not {credibility!r}.")
    if status not in Status.values:
        raise NoteInvalid(f"Unknown status {status!r}.")
    if grade_about not in GradeAbout.values:
        raise NoteInvalid(f"A grade is about the claim or the statement, not {grade_about!r}.")
    links = evidence_check(sentence=sentence, evidence=evidence)
    chosen_claimant = _claimant_for(claimant)

    note = Note.objects.filter(sentence=sentence).first()
    # Pages the note shows on now (its evidence may change): refreshed along with the new ones.
    shown_before = pages_of(note) if note is not None else set()
    if note is None:
        # A new note (or one whose earlier note has left this sentence): nothing to overwrite.
        note = Note(sentence=sentence, created_by=editor, version=1)
    else:
        if base_version != note.version:
            raise StaleNote(note)
        # Claim the next version atomically: of two saves from the same version, only one
        # updates a row; the other finds none and is refused (on SQLite and PostgreSQL alike).
        claimed = Note.objects.filter(pk=note.pk, version=base_version).update(
            version=base_version + 1
        )
        if not claimed:
            raise StaleNote(Note.objects.get(pk=note.pk))
        note.version = base_version + 1

    was_published = note.pk is not None and note.status == Status.PUBLISHED
    becomes_published = status == Status.PUBLISHED and not was_published
    note.credibility = credibility
    note.grade_about = grade_about
    note.claimant = chosen_claimant
    note.body = body
    note.body_html = render_markdown(body)
    note.status = status
    note.updated_by = editor
    if becomes_published:
        note.published_by = editor
        note.published_at = timezone.now()
    elif status != Status.PUBLISHED:
        note.published_by = None
        note.published_at = None
    for name, value in quote_anchor_for(sentence).items():
        setattr(note, name, value)

    if note.pk is None:
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:
            # Another editor created the note on this sentence a moment ago.
            raise StaleNote(Note.objects.get(sentence=sentence)) from None
    else:
        note.save()

    note.evidence.filter(sentence__isnull=False).delete()
    Evidence.objects.bulk_create(
        Evidence(
            note=note,
            sentence=link.sentence,
            relation=link.relation,
            **quote_anchor_for(link.sentence),
        )
        for link in links.values()
    )
    NoteRevision.objects.create(
        note=note,
        version=note.version,
        author=editor,
        credibility=note.credibility,
        grade_about=note.grade_about,
        claimant_name=chosen_claimant.name if chosen_claimant else "",
        body=note.body,
        status=note.status,
        evidence=_evidence_snapshot(note),
    )
    rows_changed([note], before=shown_before)
    write_announce(
        action="note.publish"
        if becomes_published
        else "note.unpublish"
        if was_published and status != Status.PUBLISHED
        else "note.save",
        target=note,
        summary=f"Version {note.version}: credibility {note.credibility}, {note.status}, "
        f"claimant {chosen_claimant or 'none'}, {len(links)} evidence link(s)",
        editor=editor,
    )
    return note
