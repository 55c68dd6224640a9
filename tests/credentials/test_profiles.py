"""Credential profiles are data with a named public source (issue 17, part 3)."""

import pytest

from apps.credentials.loader import DATA_DIR, ProfileFileError, parse_profile_text, shipped_profiles
from apps.credentials.models import ProfileChoice

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/profiles/"

VALID = """
profile:
  slug: example
  name: Example
  check_note: Check it.
  source: {publisher: Someone, url: "https://example.org/standards", year: 2024, accessed: "2026"}
targets:
  - {key: training, label: Training, hours: 40, counts: [training]}
"""


def test_every_shipped_profile_names_a_public_source_and_says_to_check_it():
    profiles = shipped_profiles()
    assert len(profiles) == len(list(DATA_DIR.glob("*.yaml"))) >= 1
    for profile in profiles.values():
        assert profile.url.startswith("https://") and profile.publisher and profile.year
        assert "check" in profile.check_note.lower()
        assert profile.targets and all(t.hours > 0 and t.counts for t in profile.targets)


def test_the_icrc_profile_holds_the_published_figures():
    targets = {t.key: (t.hours, t.counts) for t in shipped_profiles()["icrc-peer-recovery"].targets}
    assert targets == {
        "training": (46, ("training",)),
        "supervision": (25, ("supervision",)),
        "experience": (500, ("practice",)),
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('url: "https://example.org/standards"', 'url: "http://example.org"'), "https://"),
        (("year: 2024", "year: soon"), "year"),
        (("publisher: Someone, ", ""), "publisher"),
        (("counts: [training]", "counts: [meditation]"), "cannot be counted"),
        (("hours: 40", "hours: -4"), "hours"),
        (("check_note: Check it.", ""), "check_note"),
        (("slug: example", "slug: ex ample"), "slug"),
    ],
)
def test_a_wrong_profile_file_is_refused_saying_where(change, message):
    parse_profile_text(VALID)  # the base is valid
    with pytest.raises(ProfileFileError) as refused:
        parse_profile_text(VALID.replace(*change))
    assert message in str(refused.value)


def test_a_worker_chooses_the_profiles_they_track(api, everyone):
    client = api.as_(everyone["peer"])
    listed = client.get(URL).json()["profiles"]
    assert {p["slug"] for p in listed} == set(shipped_profiles()) and not any(p["tracked"] for p in listed)
    chosen = client.put(URL, {"profiles": ["icrc-peer-recovery"]}, format="json")
    assert chosen.status_code == 200
    assert [p["slug"] for p in chosen.json()["profiles"] if p["tracked"]] == ["icrc-peer-recovery"]
    assert list(ProfileChoice.objects.values_list("worker", "profile")) == [(everyone["peer"].pk, "icrc-peer-recovery")]
    assert client.put(URL, {"profiles": []}, format="json").status_code == 200
    assert not ProfileChoice.objects.exists()


def test_an_unknown_profile_is_a_400_and_changes_nothing(api, everyone):
    client = api.as_(everyone["peer"])
    client.put(URL, {"profiles": ["icrc-peer-recovery"]}, format="json")
    refused = client.put(URL, {"profiles": ["icrc-peer-recovery", "made-up"]}, format="json")
    assert refused.status_code == 400 and "profiles" in refused.json()
    assert list(ProfileChoice.objects.values_list("profile", flat=True)) == ["icrc-peer-recovery"]


def test_one_workers_choice_is_not_anothers(api, everyone):
    api.as_(everyone["peer"]).put(URL, {"profiles": ["icrc-peer-recovery"]}, format="json")
    theirs = api.as_(everyone["peer2"]).get(URL).json()["profiles"]
    assert not any(p["tracked"] for p in theirs)
