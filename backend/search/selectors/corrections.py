"""Spelling corrections for a search that found nothing, from the index's own words.

Asked only when a search found nothing. Any word the catalog does not use may
be a typo, a dictionary word included ("lamb" for "lamp" is a real word, and
the shop sells lamps): each is replaced by the closest word of the catalog's
titles, attributes and category names in that language (Elasticsearch's term
suggester over the folded `spelling.<lang>` field, in `missing` mode: a word
the catalog uses is never replaced). The first letter may be the wrong one too
("goats" for coats, "roty" for boty): the catalog's words are few, so looking
past it costs little, and it is asked only when nothing was found. Of equally
close words, one with the typed first letter wins ("boats": boots, not coats).
"""
from search.clients import request_client
from search.text import fold

MIN_WORD_LENGTH = 4
OPTIONS = 5  # the closest words looked at; among equally close ones, the same first letter wins


def _best(typed, options):
    """The closest option; a tie goes to one with the typed word's first letter ("boats":
    boots before coats), then to the catalog's more frequent word."""
    return max(options, key=lambda option: (round(option["score"], 6), option["text"][:1] == typed[:1],
                                            option["freq"]))["text"]


def _suggestion_body(words, language):
    return {
        "size": 0,
        "suggest": {
            "text": " ".join(words),
            "words": {"term": {
                "field": f"spelling.{language}", "suggest_mode": "missing", "max_edits": 2, "prefix_length": 0,
                "min_word_length": MIN_WORD_LENGTH, "size": OPTIONS, "sort": "score",
            }},
        },
    }


def corrected_text(document_class, query):
    """The query with its misspelled words replaced, or None if nothing was corrected."""
    candidates = [word.text for word in query.words if len(word.text) >= MIN_WORD_LENGTH and not word.text.isdigit()]
    if not candidates:
        return None
    response = request_client(document_class).search(
        index=document_class._index._name, body=_suggestion_body(candidates, query.language)
    )
    replacements = {
        entry["text"]: _best(entry["text"], entry["options"])
        for entry in response["suggest"]["words"] if entry["options"]
    }
    if not replacements:
        return None
    return " ".join(replacements.get(fold(word.text), word.text) for word in query.words)
