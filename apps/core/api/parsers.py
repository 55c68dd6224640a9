"""The API's JSON parser: DRF's, refusing with a 400 two bodies that views would otherwise
turn into a 500: JSON nested deeper than Python's parser can follow, and a body that is not
a JSON object (every write in the API takes an object of fields)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise ParseError("JSON parse error - send a JSON object of fields.")
        return data
