"""The translation catalogues (locale/<code>/LC_MESSAGES/django.po and djangojs.po) are
complete and current: every msgid has its translation in every shop language but English
(the source language), none is fuzzy, the .po files are what `manage.py makemessages`
makes of today's code, and the committed .mo files are what the .po files compile to.
GNU gettext's tools do the reading (`make messages` installs them)."""
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BACKEND = Path(__file__).resolve().parents[1]
LOCALE = BACKEND / "locale"
pytestmark = pytest.mark.pure  # files and gettext's tools only
SOURCE_LANGUAGE = "en"
# Files makemessages reads (and the catalogues it merges into); the rest is not copied.
SOURCES = ("*.py", "*.html", "*.txt", "*.js", "*.po")


def translated_languages():
    return [code for code in settings.SHOP_LANGUAGES if code != SOURCE_LANGUAGE]


def catalogues():
    found = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    assert found, f"no catalogues under {LOCALE}"
    return found


def tool(*args) -> subprocess.CompletedProcess:
    name = args[0]
    assert shutil.which(name), f"{name} is missing: install GNU gettext (make messages does)"
    return subprocess.run(args, capture_output=True, text=True, check=True)


def untranslated(po: Path) -> list[str]:
    """msgids of `po` without a translation or marked fuzzy (msgattrib lists them)."""
    found = []
    for flag in ("--untranslated", "--only-fuzzy"):
        listed = tool("msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)).stdout
        found += [msgid for msgid in re.findall(r'^msgid "(.*)"$', listed, re.M) if msgid]
    return found


def without_creation_date(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*\n', "", text, flags=re.M)


def test_every_shop_language_but_english_has_both_catalogues():
    expected = {f"{code}/LC_MESSAGES/{domain}.po" for code in translated_languages()
                for domain in ("django", "djangojs")}
    assert expected <= {str(path.relative_to(LOCALE)) for path in catalogues()}


@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.relative_to(LOCALE)))
def test_every_message_is_translated_and_checks(po):
    assert untranslated(po) == []
    tool("msgfmt", "--check", "-o", "/dev/null", str(po))  # format strings agree, header is sound


def test_an_untranslated_or_fuzzy_message_is_reported(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Sold out"\nmsgstr ""\n\n#, fuzzy\nmsgid "Price"\nmsgstr "Cena"\n\n'
                  'msgid "Description"\nmsgstr "Popis"\n', encoding="utf-8")
    assert untranslated(po) == ["Sold out", "Price"]


@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.relative_to(LOCALE)))
def test_the_compiled_catalogue_is_the_committed_one(po, tmp_path):
    compiled = tmp_path / "fresh.mo"
    tool("msgfmt", "-o", str(compiled), str(po))
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run make messages"
    with compiled.open("rb") as fresh, committed.open("rb") as kept:
        assert gettext.GNUTranslations(kept)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"{committed} is stale: run make messages")


def test_the_catalogues_are_what_makemessages_makes_of_the_code(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the code: a text added, changed or removed without
    updating the catalogues (manage.py makemessages) fails here."""
    copy = tmp_path / "backend"
    shutil.copytree(BACKEND, copy, ignore=lambda folder, names: [
        name for name in names
        if not (Path(folder, name).is_dir() or any(Path(name).match(pattern) for pattern in SOURCES))
        or name in ("staticfiles", "__pycache__")])
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    tool("xgettext", "--version")
    call_command("makemessages", verbosity=0)
    for po in catalogues():
        fresh = copy / po.relative_to(BACKEND)
        assert without_creation_date(fresh.read_text(encoding="utf-8")) == without_creation_date(
            po.read_text(encoding="utf-8")), f"{po.relative_to(BACKEND)} is stale: run manage.py makemessages"
