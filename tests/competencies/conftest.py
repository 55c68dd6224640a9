"""Competency fixtures on top of the shared personas (see tests/conftest.py).

The shipped framework is loaded by a data migration; a transactional test (browser tests)
flushes it, so ``shipped`` loads it again through the same idempotent loader.
"""

import pytest

from apps.competencies.loader import SHIPPED_FILE, parse_framework, parse_framework_file, sync_framework
from apps.competencies.models import Competency, Domain, Framework

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def load_shipped():
    framework, _ = sync_framework(
        parse_framework_file(SHIPPED_FILE),
        organisation_id=None,
        Framework=Framework,
        Domain=Domain,
        Competency=Competency,
    )
    return framework


@pytest.fixture
def shipped(db):
    return load_shipped()


@pytest.fixture
def le1(shipped):
    return Competency.objects.get(framework=shipped, code="LE1")


@pytest.fixture
def bs2(shipped):
    return Competency.objects.get(framework=shipped, code="BS2")


@pytest.fixture
def theirs(outsider_team):
    """A competency (code A1) of another organisation's own framework."""
    # Imported here: test_frameworks imports this conftest (load_shipped), a cycle at module level.
    from tests.competencies.test_frameworks import CSV

    sync_framework(
        parse_framework(CSV.encode(), fmt="csv"),
        organisation_id=outsider_team.organisation_id,
        Framework=Framework,
        Domain=Domain,
        Competency=Competency,
    )
    return Competency.objects.get(code="A1", framework__organisation_id=outsider_team.organisation_id)
