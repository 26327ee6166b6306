"""Text relevance: the informative words an assignment and a profile share.

An assignment's *terms* are the informative words of its title and summary: on PostgreSQL the
Dutch lexemes of ``to_tsvector('dutch', …)`` (the stemming of the stored search vectors), on
SQLite a plain token set (``tokens``). Words every assignment or profile on a public-sector
marketplace uses (roles such as "adviseur", "gemeente", "ervaring", …) are left out
(``GENERIC_WORDS``): sharing them says nothing about the content. A profile's terms are the
lexemes of its stored search vector (headline, job title, expertise and quality names, bio) or,
on SQLite, the tokens of its headline, job title and bio.

The shared terms are a content signal of ``scoring`` (the part ``text``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Func, TextField

# Generic words of this marketplace: roles, employers, the words of every posting. Stemmed the same
# way as the texts (in SQL on PostgreSQL, by ``stem`` on SQLite) before they are left out.
GENERIC_WORDS = (
    "adviseur beleidsadviseur senior junior medior specialist medewerker beleidsmedewerker projectleider"
    " programmamanager kwartiermaker manager interim coördinator coordinator trainer strateeg consultant"
    " accountmanager controller inkoper onderzoeker procesbegeleider informatiemanager architect jurist"
    " communicatieadviseur data-analist analist expert ervaren ervaring tijdelijk tijdelijke versterking"
    " team teams gemeente gemeenten provincie provincies ministerie organisatie organisaties overheid"
    " opdracht opdrachten klus klussen werk werken werkt zoeken zoekt gezocht helpen hulp bij voor met"
    " nieuw nieuwe goed goede graag week weken uur uren maand maanden jaar project projecten interim-manager"
    " leiding leidinggevende leidinggeven sturing"
    " rijksoverheid publieke sector collega collega's binnen extra ondersteuning advies adviseren"
)
# Shorter tokens are no terms (on SQLite; the Dutch configuration has its own stop words).
MIN_LENGTH = 4
_WORD = re.compile(r"[0-9a-zà-ÿ][0-9a-zà-ÿ'-]*")
_SUFFIXES = ("heden", "ingen", "ing", "en", "e", "s")


def stem(word: str) -> str:
    """A crude Dutch stem for the SQLite fallback (drop a plural or adjective ending)."""
    word = word.strip("-'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_LENGTH + 1:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> frozenset[str]:
    """The informative token stems of ``text`` (SQLite fallback)."""
    found = {stem(w) for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH}
    return frozenset(found - GENERIC_STEMS)


GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS.split())


def display_words(text: str, terms: Iterable[str]) -> dict[str, str]:
    """``term -> the word of text it came from`` (the first word that starts with the term's stem)."""
    words = [w.strip("-'") for w in _WORD.findall(text.lower())]
    present = set(words)
    shown = {}
    for term in terms:
        if term and term in present:  # the word itself (an empty term is no word: it falls through)
            shown[term] = term
        else:
            prefix = term[: max(MIN_LENGTH, len(term) - 1)]
            shown[term] = next((w for w in words if w.startswith(prefix)), term)
    return shown


class JoinedLexemes(Func):
    """The Dutch lexemes of a text without the generic ones, in one string joined by spaces (PostgreSQL;
    a lexeme of ``to_tsvector`` never holds a space). ``JoinedLexemes(text_expression, Value(GENERIC_WORDS))``.

    ``ts_delete`` drops the generic lexemes (their vector is a constant, folded once per statement).
    """

    function = ""
    template = "array_to_string(tsvector_to_array(ts_delete(to_tsvector('dutch'::regconfig, %(expressions)s)))), ' ')"
    arg_joiner = "), tsvector_to_array(to_tsvector('dutch'::regconfig, "
    output_field = TextField()


SHARED_SQL = (
    "array_to_string(ARRAY(SELECT l FROM unnest(tsvector_to_array(COALESCE({vector},"
    " to_tsvector('dutch'::regconfig, {fallback})))) AS l WHERE l = ANY({terms}::text[])), ' ')"
)


class SharedLexemes(Func):
    """The lexemes of a stored vector (or, while it is empty, of ``fallback`` text) among ``terms``,
    joined by spaces (PostgreSQL). ``SharedLexemes(F("search_vector"), fallback, Value(terms))``."""

    function = ""
    output_field = TextField()

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        vector, fallback, terms = (compiler.compile(e) for e in self.get_source_expressions())
        # Only compiled expressions are put in; their values stay parameters.
        sql = SHARED_SQL.format(vector=vector[0], fallback=fallback[0], terms=terms[0])
        return sql, (*vector[1], *fallback[1], *terms[1])


class AllLexemes(Func):
    """Every lexeme of a stored vector (or of ``fallback`` text while it is empty), as rows (PostgreSQL)."""

    function = ""
    output_field = TextField()

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        vector, fallback = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"unnest(tsvector_to_array(COALESCE({vector[0]}, to_tsvector('dutch'::regconfig, {fallback[0]}))))"
        return sql, (*vector[1], *fallback[1])


def tsquery_any(terms: Iterable[str]) -> str:
    """A ``tsquery`` text that matches a vector holding any of the lexemes ``terms``, taken as they are
    (quoted, so not parsed or stemmed again; a quote or backslash in a lexeme is doubled)."""
    quoted = ("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in sorted(terms) if term)
    return " | ".join(quoted)


class HasAnyLexeme(Func):
    """Whether a stored vector (or, while it is empty, the vector of ``fallback`` text) holds any of
    ``terms`` (PostgreSQL): the condition "shares a word" of ``SharedLexemes``, as a filter.
    ``HasAnyLexeme(F("search_vector"), fallback, Value(tsquery_any(terms)))``.

    Written as ``vector @@ query`` on the stored vector so that its GIN index can answer it."""

    function = ""
    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        vector, fallback, query = (compiler.compile(e) for e in self.get_source_expressions())
        sql = (
            f"({vector[0]} @@ {query[0]}::tsquery OR ({vector[0]} IS NULL"
            f" AND to_tsvector('dutch'::regconfig, {fallback[0]}) @@ {query[0]}::tsquery))"
        )
        return sql, (*vector[1], *query[1], *vector[1], *fallback[1], *query[1])
