"""A seeded random sample of the derived word-family links, to judge by hand.

    .venv/bin/python bench/word_families.py [--size 50] [--seed 7]

Prints, per language, how many links search/word_families.py derives from the
dictionary and a sample of them (noun ~ adjective, alphabetically paired). The
judged sample is bench/results/word_families.md.
"""
import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import env  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    env.setup_django()
    from search.lexicon import _exact_forms
    from search.word_families import derive_families

    for language in ("cs", "sk", "en"):
        exact = _exact_forms(language)
        lemmas = {lemma for joined in exact.values() for lemma in joined.split(" ")}
        families = derive_families(lemmas, language)
        links = sorted({tuple(sorted((lemma, other))) for lemma, related in families.items() for other in related})
        print(f"{language}: {len(links)} links")
        random.seed(args.seed)
        for first, second in random.sample(links, min(args.size, len(links))):
            print(f"  {first} ~ {second}")


if __name__ == "__main__":
    main()
