"""The documented text-similarity rule of the overlap report (apps/roles/similarity.py)."""

import pytest

from apps.roles.similarity import compare, content_stems, stem


@pytest.mark.parametrize(
    "a, b",
    [
        # reworded, reordered, plural/singular, "with service users" vs "help service users"
        ("Help service users develop a recovery plan", "Develop recovery plans with service users"),
        ("Support service users to develop their own recovery plans", "Develop recovery plans with service users"),
        # a word added on one side
        ("Administer prescribed medication", "Administer and review prescribed medication"),
        # verb forms
        ("Planning discharge", "Plan discharges"),
        ("Shares lived experience", "Sharing lived experiences"),
        # misspelling and spelling variants (the difflib ratio)
        ("Administer depot medicaton", "Administer depot medication"),
        ("Organise community groups", "Organize community groups"),
        # identical apart from case and punctuation
        ("Attend ward rounds.", "attend WARD rounds"),
    ],
)
def test_duties_that_say_the_same_thing_are_similar(a, b):
    assert compare(a, b).similar, compare(a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Share lived experience to inspire hope", "Prescribe and review medication"),
        # one shared content word is never enough
        ("Attend team meetings", "Chair team meetings and supervise staff"),
        ("Accompany service users to appointments", "Arrange appointments for service users"),
        ("Assess needs", "Assess risk"),
        ("Risk assessment", "Risk management"),
        # stop words alone say nothing
        ("Work with service users", "For the service users"),
        ("", "Attend team meetings"),
    ],
)
def test_duties_that_differ_are_not_similar(a, b):
    assert not compare(a, b).similar, compare(a, b)


def test_stop_words_and_people_words_are_dropped_and_words_stemmed():
    assert content_stems("Help the service users with their recovery plans") == {"help", "recovery", "plan"}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("planning", "plan"),
        ("planned", "plan"),
        ("activities", "activity"),
        ("meetings", "meeting"),
        ("assess", "assess"),
        ("crisis", "crisis"),
        ("focus", "focus"),
        ("shared", "shar"),
        ("share", "shar"),
        ("bed", "bed"),
    ],
)
def test_the_stemmer_is_small_and_predictable(word, expected):
    assert stem(word) == expected


def test_the_scores_are_reported():
    result = compare("Help service users develop a recovery plan", "Develop recovery plans with service users")
    assert result.jaccard == 0.75 and result.shared_sorted == ["develop", "plan", "recovery"]
