"""Staff's rules version check (search/rules.py): once a SEARCH_RULES_RECHECK_SECONDS per
process, and then one statement, not a transaction of three round trips."""
import pytest
from django.db import connection, transaction

from search.models import RulesVersion, Synonym
from search.rules import current_rules, synonyms_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _statements(check):
    """The statements `check()` sends, each with whether psycopg was in autocommit for it."""
    sent = []

    def noted(execute, sql, params, many, context):
        sent.append((sql, connection.connection.autocommit))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(noted):
        check()
    return sent


def test_an_unchanged_version_is_one_statement_in_autocommit(settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 0
    current_rules()
    sent = _statements(current_rules)
    assert len(sent) == 1
    sql, autocommit = sent[0]
    assert RulesVersion._meta.db_table in sql and autocommit


def test_a_moved_version_reloads_outside_and_inside_a_transaction(settings):
    settings.SEARCH_RULES_RECHECK_SECONDS = 0
    assert synonyms_for("cs") == {}
    Synonym.objects.bulk_create([Synonym(language="cs", terms="bota, obuv")])
    RulesVersion.objects.update_or_create(pk=1, defaults={"version": 7})
    assert synonyms_for("cs")["bota"] == ("obuv",)
    Synonym.objects.all().delete()
    RulesVersion.objects.update_or_create(pk=1, defaults={"version": 8})
    with transaction.atomic():  # a request's transaction: the check runs in a savepoint of its own
        sent = _statements(current_rules)
        assert synonyms_for("cs") == {}
    assert sent[0][0].startswith("SAVEPOINT")
