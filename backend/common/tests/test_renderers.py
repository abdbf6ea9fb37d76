"""The orjson renderer writes what DRF's JSONRenderer writes."""
import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from common.renderers import OrjsonRenderer

pytestmark = pytest.mark.pure  # no backing service


def test_the_same_json_as_drf_for_what_search_answers_hold():
    data = {
        "count": 3, "next": None, "relaxed": False, "price": decimal.Decimal("12.50"),
        "title": "Červená bota <b>&</b> „uvozovky“", "search_id": uuid.UUID(int=7),
        "created_at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "detail": gettext_lazy("This field is required."),
        "results": [{"id": 1, "highlight": {"title": ["<mark>bota</mark>"]}}], "ratio": 0.25,
    }
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_nothing_renders_as_an_empty_body():
    assert OrjsonRenderer().render(None) == b""
