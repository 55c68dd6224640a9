"""Role drift: the shared personas (tests/conftest.py) plus roles whose duty tags make a share."""

from decimal import Decimal

import pytest

from apps.roles.models import Duty, RoleDefinition
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

C = Duty.Category


@pytest.fixture(autouse=True)
def process_clock(monkeypatch):
    """As in tests/reminders: the scan reads this process's clock, so time_machine moves it."""
    from django.utils import timezone

    from apps.reminders import clock

    monkeypatch.setattr(clock, "now", timezone.now)


def peer_role(team, duties, **kwargs):
    return RoleDefinitionFactory(team=team, kind=RoleDefinition.Kind.PEER, duties=duties, **kwargs)


@pytest.fixture
def drifting(everyone, riverside):
    """``peer`` holds 20 h of a role with 1 peer-distinct, 1 shared, 2 clinical-only duties (5/5/10 h:
    25 % peer-distinct, under the line); ``peer2`` 20 h of a clearly peer role (3 peer-distinct,
    1 shared: 75 %); ``clinician`` 30 h of a clinical role with one peer-distinct duty of two."""
    blurred = peer_role(
        riverside,
        [
            ("Share lived experience of recovery to inspire hope", C.PEER_DISTINCT),
            ("Attend team meetings", C.SHARED),
            ("Administer prescribed medication", C.CLINICAL_ONLY),
            ("Carry out risk assessments", C.CLINICAL_ONLY),
        ],
    )
    clear = peer_role(
        riverside,
        [
            ("Share lived experience of recovery to inspire hope", C.PEER_DISTINCT),
            ("Co-facilitate a recovery group", C.PEER_DISTINCT),
            ("Walk alongside people to community groups", C.PEER_DISTINCT),
            ("Attend team meetings", C.SHARED),
        ],
    )
    clinical = RoleDefinitionFactory(
        team=riverside,
        kind=RoleDefinition.Kind.CLINICAL,
        duties=[("Run the hearing voices group", C.PEER_DISTINCT), ("Carry out risk assessments", C.CLINICAL_ONLY)],
    )
    return {
        "blurred": blurred,
        "clear": clear,
        "clinical": clinical,
        "peer_assignment": AssignmentFactory(
            role_definition=blurred, worker=everyone["peer"], hours_per_week=Decimal(20)
        ),
        "peer2_assignment": AssignmentFactory(
            role_definition=clear, worker=everyone["peer2"], hours_per_week=Decimal(20)
        ),
        "clinician_assignment": AssignmentFactory(
            role_definition=clinical, worker=everyone["clinician"], hours_per_week=Decimal(30)
        ),
    }
