"""The values of peer support a session's peer-values check is recorded against (issue 18, item 4).

The check is recorded **jointly** in the session, about how the organisation and the team let
each value be lived — "lived well here", "getting in the way", or "not discussed" — with an
optional "what the organisation could change". It is not a mark of the supervisee.

Sessions recorded before that carry the earlier check (the supervisor's "upheld / concern"
about the supervisee, against ``earlier_values``) in ``legacy_values_check``, kept readable as
it was and never shown as joint.

The lists are data (``data/peer_values.json``), read once per process.
"""

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "peer_values.json"

LIVED_WELL = "lived_well"
IN_THE_WAY = "in_the_way"
NOT_DISCUSSED = "not_discussed"
ANSWERS = {LIVED_WELL: "Lived well here", IN_THE_WAY: "Getting in the way", NOT_DISCUSSED: "Not discussed"}
MAX_CHANGE_LENGTH = 2000

# The earlier check's answers (kept readable on sessions recorded before issue 18).
LEGACY_STATUSES = {"upheld": "Upheld", "concern": "Concern"}


@cache
def _data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def peer_values() -> tuple[dict, ...]:
    """``({"key", "label", "prompt"}, ...)`` in display order."""
    return tuple(_data()["values"])


def peer_value_keys() -> tuple[str, ...]:
    return tuple(value["key"] for value in peer_values())


def peer_value_label(key: str) -> str:
    return next((value["label"] for value in peer_values() if value["key"] == key), key)


def earlier_value_label(key: str) -> str:
    """A value of the earlier (supervisor-only) check, for reading old sessions."""
    return next((value["label"] for value in _data()["earlier_values"] if value["key"] == key), key)
