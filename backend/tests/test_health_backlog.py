"""/api/health/ degraded by an old backlog of the apps that register one (search, emails):
a stopped worker or sweep must not hide behind "ok"."""
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from model_bakery import baker
from rest_framework.test import APIClient

from emails.models import OutboundEmail
from search.models import PendingIndexChange

pytestmark = pytest.mark.django_db

URL = "/api/health/"


def _stale_backlogs(max_age=60):
    """A change Elasticsearch has owed, and an email owed, for twice `max_age`."""
    long_ago = timezone.now() - timedelta(seconds=2 * max_age)
    baker.make(PendingIndexChange, product_id=987654, seq=1, changed_at=long_ago)
    email = baker.make(OutboundEmail, status=OutboundEmail.Status.PENDING, recipients=["a@example.com"])
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=long_ago)


def test_health_is_degraded_naming_a_backlog_older_than_the_allowed_age():
    _stale_backlogs(max_age=60)
    with override_settings(HEALTH_BACKLOG_MAX_AGE_SECONDS=60):
        body = APIClient().get(URL).json()
        ready = APIClient().get("/api/health/ready/")
    assert body["status"] == "degraded" and body["down"] == []
    assert sorted(body["degraded"]) == ["email_backlog", "search_sync_backlog"]
    assert body["stale_backlogs"]["search_sync_backlog"]["oldest_age_seconds"] >= 120
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert sorted(ready.json()["degraded"]) == ["email_backlog", "search_sync_backlog"]


def test_a_backlog_younger_than_the_allowed_age_is_ok():
    _stale_backlogs(max_age=60)
    with override_settings(HEALTH_BACKLOG_MAX_AGE_SECONDS=600):
        body = APIClient().get(URL).json()
    assert (body["status"], body["degraded"], body["stale_backlogs"]) == ("ok", [], {})
