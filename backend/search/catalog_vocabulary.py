"""The catalog's words the lemma dictionary lacks, grouped so their forms find each other
(`manage.py catalog_words`; read back by search/catalog_words.py).

The dictionary has many diminutives in one form only (Czech "kastrůlek" but not
"kastrůlky"; Slovak "tanierček" in none), and a shop's catalog has words of its
own. Each such word of the published products' titles and descriptions gets:

- the lemma of a dictionary word with the same key (the word without its ending,
  fleeting e/o dropped: kastrůlky ~ kastrůlek -> kastrol), found among the
  catalog's words or by putting the common endings back on the key;
- else, with the catalog's other unknown words of the same key, the shortest of
  them (tanierčeky, tanierčekov -> tanierčeky).

Saving replaces the `catalog` rows (staff's rows stay) and queues the products
that use a changed word for reindexing, so their `lemmas` fields follow.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from products.models import ProductTranslation
from search.catalog_words import MIN_KEY_LENGTH, forget_catalog_words, word_key
from search.indexing.outbox import record_product_changes
from search.lexicon import is_known, supports, text_lemmas
from search.models import CatalogWord
from search.text import words

BATCH = 2000
MIN_WORD_LENGTH = 4
# Put back on a key to find the dictionary's form of it: nominatives first.
KEY_ENDINGS = {"cs": ("", "a", "o", "e", "y", "u", "ek", "ec"), "sk": ("", "a", "o", "e", "y", "u", "ok", "ek", "ec")}


@dataclass
class LanguageReport:
    language: str
    words: int = 0            # distinct words of the catalog (4 letters or more, no digits)
    unknown: int = 0          # of them, the dictionary lacks
    to_dictionary: int = 0    # grouped under a dictionary word's lemma
    among_catalog: int = 0    # grouped with other unknown catalog words
    alone: int = 0            # neither: kept as they are
    examples: list = field(default_factory=list)


def _vocabulary(languages, progress):
    """{language: Counter(word)} and {(language, word): {product ids}} of published products' texts."""
    counts = defaultdict(Counter)
    users = defaultdict(set)
    rows = ProductTranslation.objects.filter(product__is_published=True, language__in=languages)
    total = rows.count()
    for done, (product_id, language, title, description) in enumerate(
            rows.values_list("product_id", "language", "title", "description").iterator(chunk_size=BATCH), 1):
        for word in words(f"{title} {description}"):
            if len(word) >= MIN_WORD_LENGTH and word.isalpha():
                word = word.lower()
                counts[language][word] += 1
                if not is_known(word, language):
                    users[(language, word)].add(product_id)
        if progress and (done % BATCH == 0 or done == total):
            progress(f"  read {done}/{total} texts")
    return counts, users


def _dictionary_lemma(key, known_by_key, language):
    """The lemma of a dictionary word with this key: one the catalog uses, else a form made
    by putting an ending back."""
    if known_by_key.get(key):
        return known_by_key[key].most_common(1)[0][0]
    if language == "en":
        candidates = (key,)
    else:
        stems = [key] + [key[:-1] + vowel + key[-1] for vowel in "eo" if key[-1] in "kc"]
        candidates = [stem + ending for stem in stems for ending in KEY_ENDINGS.get(language, ("",))]
    for candidate in candidates:
        if is_known(candidate, language):
            return text_lemmas(candidate, language)[-1]
    return None


def group_language(language, counts):
    """({unknown word: lemma}, LanguageReport) for one language's catalog words."""
    report = LanguageReport(language, words=len(counts))
    known_by_key, unknown_by_key = defaultdict(Counter), defaultdict(list)
    for word, count in counts.items():
        key = word_key(word, language)
        if is_known(word, language):
            for lemma in text_lemmas(word, language)[-1:]:
                known_by_key[key][lemma] += count
        elif supports(language):
            unknown_by_key[key].append(word)
    lemmas = {}
    for key, forms in unknown_by_key.items():
        report.unknown += len(forms)
        lemma = _dictionary_lemma(key, known_by_key, language) if len(key) >= MIN_KEY_LENGTH else None
        if lemma:
            report.to_dictionary += len(forms)
        elif len(forms) > 1 or len(key) >= MIN_KEY_LENGTH:
            lemma = min(forms, key=lambda form: (len(form), form))
            if len(forms) > 1:
                report.among_catalog += len(forms)
            else:
                report.alone += 1
        else:
            report.alone += 1
            continue
        lemmas.update((form, lemma) for form in forms)
        if len(report.examples) < 5 and (len(forms) > 1 or lemma != forms[0]):
            report.examples.append(f"{', '.join(sorted(forms))} -> {lemma}")
    return lemmas, report


def catalog_words(languages, *, save=False, reindex=True, progress=None):
    """[LanguageReport] for `languages`; with `save`, the groups become the `catalog` rows
    and (`reindex`) the products using a changed word are queued for the index."""
    counts, users = _vocabulary(languages, progress)
    reports, found = [], {}
    for language in languages:
        lemmas, report = group_language(language, counts.get(language, Counter()))
        reports.append(report)
        found[language] = lemmas
    if save:
        _save(found, users, reindex)
    return reports


def _save(found, users, reindex):
    with transaction.atomic():
        transaction.on_commit(forget_catalog_words)  # before the reindex queued below runs
        before = {(row.language, row.form): row.lemma for row in CatalogWord.objects.filter(source=CatalogWord.CATALOG)}
        staff = set(CatalogWord.objects.filter(source=CatalogWord.STAFF).values_list("language", "form"))
        after = {(language, form): lemma for language, lemmas in found.items() for form, lemma in lemmas.items()
                 if (language, form) not in staff}
        CatalogWord.objects.filter(source=CatalogWord.CATALOG, language__in=list(found)).delete()
        CatalogWord.objects.bulk_create(
            CatalogWord(language=language, form=form, lemma=lemma, source=CatalogWord.CATALOG)
            for (language, form), lemma in sorted(after.items()))
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        if reindex and changed:
            record_product_changes(sorted({pid for key in changed for pid in users.get(key, ())}))


def reindex_users_of(language, *forms):
    """Queues the products whose texts in `language` use any of `forms` (a staff row changed)."""
    query = Q()
    for form in forms:
        query |= Q(title__icontains=form) | Q(description__icontains=form)
    ids = ProductTranslation.objects.filter(query, language=language).values_list("product_id", flat=True)
    transaction.on_commit(forget_catalog_words)  # before the reindex it queues
    return record_product_changes(sorted(set(ids)))
