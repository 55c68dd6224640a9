import pytest

from apps.roles.diff import diff_versions, text_segments
from apps.roles.models import Duty
from tests.roles.factories import RoleDefinitionFactory

pytestmark = pytest.mark.django_db
C = Duty.Category


def test_the_diff_lists_duties_added_removed_reworded_and_retagged_and_fields_changed(riverside):
    old = RoleDefinitionFactory(
        team=riverside,
        title="Peer Support Worker",
        purpose="Offer hope.",
        duties=[
            ("Share lived experience to inspire hope", C.PEER_DISTINCT),
            ("Attend team meetings", C.SHARED),
            ("Administer prescribed medication", C.CLINICAL_ONLY),
        ],
    )
    new = RoleDefinitionFactory(
        team=riverside,
        title="Peer Support Worker",
        purpose="Offer hope and a relationship of equals.",
        duties=[
            ("Share lived experience purposefully to inspire hope", C.PEER_DISTINCT),
            ("Attend team meetings", C.PEER_DISTINCT),
            ("Run a hearing voices group", C.PEER_DISTINCT),
        ],
    )
    diff = diff_versions(old, new)
    assert [f.name for f in diff.fields] == ["purpose"]
    changes = {(d.change, (d.new or d.old).description): d.details for d in diff.duties}
    assert changes == {
        ("changed", "Share lived experience purposefully to inspire hope"): ["wording"],
        ("changed", "Attend team meetings"): ["category"],
        ("added", "Run a hearing voices group"): [],
        ("removed", "Administer prescribed medication"): [],
    }
    assert diff.has_changes


def test_identical_versions_have_no_changes(riverside):
    a = RoleDefinitionFactory(team=riverside, title="Same")
    b = RoleDefinitionFactory(team=riverside, title="Same")
    assert not diff_versions(a, b).has_changes


def test_text_segments_mark_removed_and_added_words():
    assert text_segments("offer hope", "offer hope and equality") == [("same", "offer hope"), ("added", "and equality")]
