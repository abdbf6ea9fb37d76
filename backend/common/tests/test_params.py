"""Query-parameter serializers copy their fields shallowly, and still validate independently."""
import pytest
from rest_framework import serializers

from common.params import QueryParamsSerializer

pytestmark = pytest.mark.pure  # no backing service


class Inner(serializers.Serializer):
    n = serializers.IntegerField()


class Params(QueryParamsSerializer):
    q = serializers.CharField(max_length=5)
    limit = serializers.IntegerField(min_value=1, default=20)
    inner = Inner(required=False)


def test_each_instance_validates_on_its_own():
    bad = Params(data={"q": "too long", "limit": "0"})
    good = Params(data={"q": "bota"})
    assert not bad.is_valid() and set(bad.errors) == {"q", "limit"}
    assert good.is_valid() and good.validated_data == {"q": "bota", "limit": 20}
    assert bad.fields["q"] is not good.fields["q"] and bad.fields["q"].parent is bad


def test_declared_fields_are_left_as_declared():
    Params(data={"q": "bota"}).is_valid()
    declared = Params._declared_fields["q"]
    assert declared.parent is None and declared.field_name is None


def test_a_nested_serializer_is_copied_deeply():
    first, second = Params(data={}), Params(data={})
    assert first.fields["inner"].fields["n"] is not second.fields["inner"].fields["n"]
