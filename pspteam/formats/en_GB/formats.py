"""British formats, except that dates are *entered* as ISO first.

``<input type="date">`` only accepts YYYY-MM-DD; Django renders a DateInput with the first
input format, so with en-gb's default (DD/MM/YYYY) every date field would appear empty.
Typed British dates are still accepted.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
FIRST_DAY_OF_WEEK = 1
