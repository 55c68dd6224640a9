"""The core values of peer support a session's values check is recorded against.

The list is data (``data/peer_values.json``), read once per process.
"""

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "peer_values.json"


@cache
def peer_values() -> tuple[dict, ...]:
    """``({"key", "label", "prompt"}, ...)`` in display order."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["values"])


def peer_value_keys() -> tuple[str, ...]:
    return tuple(value["key"] for value in peer_values())


def peer_value_label(key: str) -> str:
    return next((value["label"] for value in peer_values() if value["key"] == key), key)
