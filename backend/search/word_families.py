"""Word families: a noun and the adjectives made from it (ocel -> ocelový, vlna -> vlněný,
len -> lněný, sklo -> skleněný, kůže -> kožený, Praha -> pražský), so a shopper's material,
room or place word reaches the catalog's adjective, and the adjective its noun.

Lemmas relate the forms of one word, not a word's family. No package served here
carries Czech or Slovak derivations (simplemma has forms and lemmas only; the
hunspell affix classes mark inflection), so the links are derived from the
dictionary's own lemmas with the regular suffixes (-ový, -ný/-ěný/-ený/-eněný,
-ský/-cký; not -ní: stůl/stolní would send "stoly" to table lamps) and
alternations (ů/o, ô/o; a dropped e: len/lněný; k/č, h/ž, ch/š, r/ř, n/ň...
before -ský only; -ika/-ický), and a link is kept only where
the adjective is itself a lemma of the dictionary. English forms few such
adjectives and its -en words are mostly verbs (deafen, hasten): a short list of
material adjectives, kept where the dictionary has both words. Precision judged
by hand on random samples: bench/results/word_families.md.
"""
VOWELS = "aoeěuyiíáéůúýô"
SUFFIXES = {
    "cs": ("ový", "ný", "ěný", "ený", "eněný", "ský"),
    "sk": ("ový", "ný", "ený", "enený", "ský"),
}
# Before -ský: Praha/pražský, kuchyně/kuchyňský, Amerika/americký (k is -cký).
ALTERNATIONS = {
    "cs": (("ch", "š"), ("h", "ž"), ("g", "ž"), ("r", "ř"), ("n", "ň"), ("t", "ť"), ("d", "ď"), ("c", "č")),
    "sk": (("ch", "š"), ("h", "ž"), ("g", "ž"), ("n", "ň"), ("t", "ť"), ("d", "ď"), ("c", "č")),
}
LONG_VOWELS = {"cs": ("ů", "o"), "sk": ("ô", "o")}  # stůl/stolní, dům/domový, stôl/stolný
ENGLISH = (("wood", "wooden"), ("wool", "woollen"), ("wool", "woolen"), ("gold", "golden"), ("silk", "silken"),
           ("oak", "oaken"), ("flax", "flaxen"), ("earth", "earthen"), ("lead", "leaden"), ("wax", "waxen"))
MIN_NOUN_LENGTH = 3
MAX_RELATED = 6  # one word never expands into more than this many family terms


def _stems(noun, language):
    """The noun's stem as adjectives are built on it: without its final vowel, with a long
    vowel shortened, with the e of a last syllable dropped."""
    stem = noun[:-1] if noun[-1] in VOWELS else noun
    stems = {stem}
    if len(stem) >= 3 and stem[-2] == "e" and stem[-1] not in VOWELS:
        stems.add(stem[:-2] + stem[-1])  # len -> lněný, sen -> snový
    long, short = LONG_VOWELS[language]
    for candidate in list(stems):
        position = candidate.rfind(long)
        if position >= 0:
            stems.add(candidate[:position] + short + candidate[position + 1:])
    return stems


def _adjectives(noun, language):
    stem = noun[:-1] if noun[-1] in VOWELS else noun
    made = {candidate + suffix for candidate in _stems(noun, language) for suffix in SUFFIXES[language]}
    made |= {stem[: -len(end)] + changed + "ský" for end, changed in ALTERNATIONS[language] if stem.endswith(end)}
    if stem.endswith("k"):
        made.add(stem[:-1] + "cký")  # keramika -> keramický
    return made


def derive_families(lemmas, language) -> dict[str, list[str]]:
    """{lemma: [related lemmas]} in both directions (noun -> adjectives, adjective -> nouns),
    from a language's set of dictionary lemmas."""
    links: dict[str, set[str]] = {}
    if language == "en":
        pairs = [(noun, adjective) for noun, adjective in ENGLISH if noun in lemmas and adjective in lemmas]
    elif language in SUFFIXES:
        pairs = [(noun, adjective) for noun in lemmas
                 if len(noun) >= MIN_NOUN_LENGTH and noun.isalpha() and not noun.endswith("ý")
                 for adjective in _adjectives(noun, language) if adjective != noun and adjective in lemmas]
    else:
        pairs = []
    for noun, adjective in pairs:
        links.setdefault(noun, set()).add(adjective)
        links.setdefault(adjective, set()).add(noun)
    return {lemma: sorted(related)[:MAX_RELATED] for lemma, related in links.items()}
