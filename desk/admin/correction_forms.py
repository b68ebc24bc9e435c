"""The desk's correction forms: a whole text, or a sentence split at a typed mark.

They parse and check input; the writes are services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


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
        max_length=2_000,
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
