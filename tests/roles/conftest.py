"""A small world of roles on top of the shared personas (see tests/conftest.py).

* Riverside: ``peer_role`` (published peer role, held by ``peer`` and ``peer2``),
  ``clinical_role`` (published, held by ``clinician``), ``draft_role`` (a draft).
* Harbour: ``harbour_role`` (published, held by ``harbour_peer``).
* Southbank (another organisation): ``outsider_role``.
"""

from decimal import Decimal

import pytest

from apps.roles.models import Duty, RoleDefinition
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

C = Duty.Category


@pytest.fixture
def roles(everyone, riverside, harbour, outsider_team):
    peer_role = RoleDefinitionFactory(
        team=riverside,
        title="Peer Support Worker",
        kind=RoleDefinition.Kind.PEER,
        duties=[
            ("Share lived experience of recovery to inspire hope", C.PEER_DISTINCT),
            ("Help service users develop a recovery plan", C.PEER_DISTINCT),
            ("Administer prescribed medication", C.CLINICAL_ONLY),
        ],
    )
    clinical_role = RoleDefinitionFactory(
        team=riverside,
        title="Care Coordinator",
        kind=RoleDefinition.Kind.CLINICAL,
        hours_per_week=Decimal("37.5"),
        duties=[
            ("Develop recovery plans with service users", C.SHARED),
            ("Carry out risk assessments", C.CLINICAL_ONLY),
        ],
    )
    draft_role = RoleDefinitionFactory(team=riverside, title="Peer Trainer", status=RoleDefinition.Status.DRAFT)
    harbour_role = RoleDefinitionFactory(team=harbour, title="Crisis Peer Worker")
    outsider_role = RoleDefinitionFactory(team=outsider_team, title="Southbank Peer")
    return {
        "peer_role": peer_role,
        "clinical_role": clinical_role,
        "draft_role": draft_role,
        "harbour_role": harbour_role,
        "outsider_role": outsider_role,
        "peer_assignment": AssignmentFactory(role_definition=peer_role, worker=everyone["peer"]),
        "peer2_assignment": AssignmentFactory(role_definition=peer_role, worker=everyone["peer2"]),
        "clinician_assignment": AssignmentFactory(
            role_definition=clinical_role, worker=everyone["clinician"], hours_per_week=Decimal("30")
        ),
        "harbour_assignment": AssignmentFactory(role_definition=harbour_role, worker=everyone["harbour_peer"]),
        "outsider_assignment": AssignmentFactory(role_definition=outsider_role, worker=everyone["outsider"]),
    }
