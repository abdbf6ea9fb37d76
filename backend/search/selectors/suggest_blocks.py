"""Staff's blocked suggestions: phrases never offered as a query completion.

Matched on normalised words (search.text.normalised), as a whole-word run anywhere
in the completion: blocking "idiot" leaves out "fatra idiot" but not "idiotka".
Applied twice: the roll-up writes no blocked completion, and each process leaves
them out when it reads the table (search/selectors/suggest_phrases.py), so a
block acts within that cache's minute without waiting for the next roll-up.
"""
from django.db.models import Q

from search.models import BlockedSuggestion
from search.text import normalised


def blocked_phrases(language: str) -> list[str]:
    """The normalised phrases blocked in `language` (those of every language included). The
    admin stores them normalised; normalised again for a row written another way."""
    rows = BlockedSuggestion.objects.filter(Q(language=language) | Q(language=""))
    return [phrase for phrase in map(normalised, rows.values_list("phrase", flat=True)) if phrase]


def is_blocked(plain: str, phrases: list[str]) -> bool:
    """Whether the normalised completion `plain` contains one of `phrases` as whole words."""
    padded = f" {plain} "
    return any(f" {phrase} " in padded for phrase in phrases)
