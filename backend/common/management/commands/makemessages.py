"""Django's makemessages with the project's defaults, so translators and the catalogue test
(tests/test_translations.py) extract alike: `manage.py makemessages` alone updates
locale/<code>/LC_MESSAGES/django.po and djangojs.po for every shop language but English
(the source language), with file-only locations (no churn when lines move) and no
obsolete entries. Explicit options still win (e.g. `-l de` for a new language)."""
from django.conf import settings
from django.core.management.commands import makemessages

SOURCE_LANGUAGE = "en"
# Collected static files, the vendored widget and tests hold no texts of ours.
IGNORED = ["staticfiles", "*/vendor/*", "*/tests/*", "conftest.py"]


class Command(makemessages.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(domain=None)  # both domains unless --domain names one

    def handle(self, *args, **options):
        if not (options["locale"] or options["exclude"] or options["all"]):
            options["locale"] = [code for code in settings.SHOP_LANGUAGES if code != SOURCE_LANGUAGE]
        options["add_location"] = options["add_location"] or "file"
        options["no_obsolete"] = True
        for domain in [options["domain"]] if options["domain"] else ["django", "djangojs"]:
            ignored = [*options["ignore_patterns"], *IGNORED]
            super().handle(*args, **{**options, "domain": domain, "ignore_patterns": ignored})
