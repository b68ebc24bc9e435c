"""Web-search syntax ("exact phrase", -exclude, OR) parsed into a safe query, and the spelling
variants of names; pure functions, no Django.

Nothing the reader types reaches a database's query language as typed: the parser keeps only
words (runs of letters and digits), and each backend quotes every word it is given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
# A quoted phrase (the closing quote may be missing while someone is still typing) or a bare token.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MAX_TERMS = 24
# Spelling variants are looked for only for words this long: shorter ones have too many
# neighbours ("said", "sad", "side") for a near spelling to mean the same name.
VARIANT_MIN_LENGTH = 5
# English words too common to say anything about a sentence; left out of similarity queries.
STOPWORDS = frozenset(
    """a about after against all also an and any are as at be been before being between both
    but by can could did do does during each for from had has have he her here him his how i
    if in into is it its more most no nor not of on once only or other our out over own said
    same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your""".split()
)


def words_of(text: str) -> list[str]:
    """The words of a text, case-folded, in order: how the index sees it."""
    return [word.casefold() for word in WORD.findall(text)]


@dataclass(frozen=True)
class Term:
    """One word, or a phrase whose words must stand together in this order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return f"“{' '.join(self.words)}”" if self.is_phrase else self.words[0]


@dataclass(frozen=True)
class Query:
    """What to look for: every group must match (one of its terms), no excluded term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    # Spelling variants found in the index, by the word they stand in for.
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def variant_candidates(self) -> list[str]:
        """Single words (never inside a quoted phrase) long enough to have spelling variants."""
        return [
            term.words[0]
            for group in self.groups
            for term in group
            if not term.is_phrase
            and len(term.words[0]) >= VARIANT_MIN_LENGTH
            and not term.words[0].isdigit()
        ]

    def alternatives(self, term: Term) -> tuple[str, ...]:
        """A single word with its spelling variants; a phrase stays exactly as written."""
        if term.is_phrase:
            return ()
        return (term.words[0], *self.variants.get(term.words[0], ()))

    def as_phrase(self) -> Term | None:
        """The whole query as one phrase, when it is several plain words: ranks them together."""
        if len(self.groups) < 2 or any(len(g) != 1 or g[0].is_phrase for g in self.groups):
            return None
        return Term(tuple(g[0].words[0] for g in self.groups))


def _term(text: str) -> Term | None:
    found = tuple(words_of(text))
    return Term(found) if found else None


def parse(text: str) -> Query:
    """Parse web-search syntax: words, "exact phrases", -excluded terms, and OR between terms.

    Hyphenated or dotted tokens (al-Qaeda, U.S.) are phrases of their parts, as search engines
    treat them. Anything else that is not a word is dropped, so the result is always safe.
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for match in TOKEN.finditer(text):
        minus, quoted, bare = match.groups()
        if bare == "OR":
            pending_or = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        term = _term(quoted if quoted is not None else bare)
        if term is None:
            continue
        if minus:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def fold(word: str) -> str:
    """A word without its accents, case-folded."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonants of a word but h, doubled letters once: what transliterations share.

    Massoud/Masoud → msd, Dashty/Dashti → dst, Mujahid/Mojahid → mjd, Ahmad/Ahmed → md,
    Zabihullah/Zabiullah → zbl (an h is as often dropped as written). It only gathers
    candidates; `near_spelling` decides.
    """
    letters = fold(word).replace("q", "k").replace("c", "k")
    consonants = [ch for ch in letters if ch not in "aeiouyh"]
    collapsed = [ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1]]
    return "".join(collapsed)


def edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (adjacent transpositions count once)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def near_spelling(typed: str, candidate: str) -> bool:
    """Whether `candidate` reads as another spelling of `typed`: one edit apart (two for long
    words), beginning with the same letter, neither a number."""
    typed, candidate = fold(typed), fold(candidate)
    if typed == candidate or candidate.isdigit() or typed[:1] != candidate[:1]:
        return False
    allowed = 1 if len(typed) < 8 else 2
    if abs(len(typed) - len(candidate)) > allowed:
        return False
    return edit_distance(typed, candidate) <= allowed


def vocabulary_of(text: str) -> list[tuple[str, str]]:
    """The names a text prints — capitalised words of five letters or more — case-folded,
    each with its skeleton: where another spelling of what a reader typed may be found.

    Transliterations differ in names, not in common words (which stemming already gathers).
    A trigger calls this for every row written, so tokens without a capital are skipped
    before any regex runs.
    """
    seen = set()
    for token in text.split():
        if len(token) >= VARIANT_MIN_LENGTH and not token.islower():
            seen.update(
                w.casefold()
                for w in WORD.findall(token)
                if len(w) >= VARIANT_MIN_LENGTH and w[0].isupper() and len(w) <= 100
            )
    return [(w, skeleton(w)) for w in seen]


def vocabulary_json(text: str) -> str:
    """vocabulary_of as the JSON array of pairs the SQLite trigger reads with json_each.

    Built by hand: the words are letters and digits only, so nothing needs escaping.
    """
    return "[" + ",".join(f'["{w}","{k}"]' for w, k in vocabulary_of(text)) + "]"
