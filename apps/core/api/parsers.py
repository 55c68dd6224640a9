"""The API's body parsers. Every write takes JSON (the default, ``DEFAULT_PARSER_CLASSES``); an
endpoint that uploads a file takes multipart instead (``UPLOAD_PARSER_CLASSES``), and nothing takes
both, so the schema documents one body format per write and a generated client sends the one the
server reads the same way (a form body cannot carry nested fields, and a blank form field reads
differently from a JSON ``""``). Any other content type is a 415 (docs/api.md)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser


class JSONObjectParser(JSONParser):
    """DRF's, refusing with a 400 two bodies that views would otherwise turn into a 500: JSON
    nested deeper than Python's parser can follow, and a body that is not a JSON object (every
    write in the API takes an object of fields)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise ParseError("JSON parse error - send a JSON object of fields.")
        return data


# For a view whose writes upload a file (``parser_classes = UPLOAD_PARSER_CLASSES``).
UPLOAD_PARSER_CLASSES = [MultiPartParser]
