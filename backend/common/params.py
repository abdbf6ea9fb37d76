"""A base for serializers of query-string parameters, read on every request of a route."""
import copy

from rest_framework import serializers

# PostgreSQL's bigint, the type of every id: ids beyond it match nothing and must not reach
# int() unbounded, nor Elasticsearch's client, which cannot serialise an int past 64 bits.
MAX_ID = 2**63 - 1


class QueryParamsSerializer(serializers.Serializer):
    """DRF copies a serializer's declared fields for every instance with deepcopy, which
    builds each field anew from its arguments: half the cost of validating a search's
    parameters. Plain fields are copied shallowly instead: they are bound to this instance
    and keep no state of their own between validations (their arguments, validators and
    messages are read, never changed). A nested serializer is still deep-copied."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }
