"""JSON for the routes every shopper's search goes through, rendered by orjson.

DRF's JSONRenderer (the standard library's encoder) showed in every profile
of a search; orjson writes the same JSON several times faster. What orjson
cannot encode itself (lazy translations in error messages, Decimals, ...)
goes through DRF's own encoder hook, so the output stays what DRF gives.
"""
import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_encoder = JSONEncoder()


class OrjsonRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        # Datetimes too go through DRF's hook, which writes UTC as "Z" (orjson: "+00:00").
        return orjson.dumps(data, default=_encoder.default,
                            option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME)
