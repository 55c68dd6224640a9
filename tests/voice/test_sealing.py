"""The seal on waiting answers and messages: unreadable, fixed-size, bound to its place, and
still open after a SECRET_KEY rotation (the old key in SECRET_KEY_FALLBACKS)."""

import uuid

import pytest

from apps.voice import sealing


def test_a_seal_hides_its_content_and_its_length():
    team = uuid.uuid4()
    # A marker long enough that random ciphertext cannot contain it by chance (a two-byte
    # word would, in about one seal of eight).
    marker = "QXsealedfeedbackmarker"
    short, long = sealing.seal_feedback(team, marker), sealing.seal_feedback(team, "é" * 2000 + "🙂")
    assert len(short) == len(long) and marker.encode() not in short
    assert sealing.unseal_feedback(team, long) == "é" * 2000 + "🙂"
    # Fresh nonce each time: the same answer twice gives two different seals.
    pulse = uuid.uuid4()
    assert sealing.seal_answer(pulse, (3, 3, 3, 3, 3)) != sealing.seal_answer(pulse, (3, 3, 3, 3, 3))


def test_a_seal_moved_to_another_pulse_or_altered_does_not_open():
    pulse = uuid.uuid4()
    sealed = sealing.seal_answer(pulse, (1, 2, 3, 4, 5))
    with pytest.raises(sealing.SealError):
        sealing.unseal_answer(uuid.uuid4(), sealed)
    altered = bytearray(sealed)
    altered[-1] ^= 1
    with pytest.raises(sealing.SealError):
        sealing.unseal_answer(pulse, bytes(altered))


def test_seals_still_open_after_the_secret_key_is_rotated(settings):
    pulse = uuid.uuid4()
    sealed = sealing.seal_answer(pulse, (5, 4, 3, 2, 1))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a brand new key " * 4
    assert sealing.unseal_answer(pulse, sealed) == (5, 4, 3, 2, 1)
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(sealing.SealError):
        sealing.unseal_answer(pulse, sealed)
