"""Competency frameworks as data: the shipped one everywhere, loading idempotently, org admins' own."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from apps.competencies.loader import (
    SHIPPED_FILE,
    FrameworkFileError,
    parse_framework,
    parse_framework_file,
    sync_framework,
)
from apps.competencies.models import Competency, Domain, Framework
from tests.competencies.conftest import load_shipped

pytestmark = pytest.mark.django_db

CSV = """framework_slug,framework_name,framework_version,framework_source,framework_description,domain_code,domain_title,code,title,description,level
local-peer,Our peer framework,2,Written by Northfield,,A,Listening,A1,Listening well,Hears what matters.,foundation
local-peer,Our peer framework,2,Written by Northfield,,A,Listening,A2,Reflecting back,Checks understanding.,practitioner
local-peer,Our peer framework,2,Written by Northfield,,B,Team,B1,Speaking up,Raises concerns.,advanced
"""


def snapshot():
    """Every framework row with every column, to compare before and after a load."""
    return (
        sorted(Framework.objects.values_list("id", "slug", "name", "version", "source", "description", "updated_at")),
        sorted(Domain.objects.values_list("id", "framework_id", "code", "title", "position")),
        sorted(
            Competency.objects.values_list(
                "id", "framework_id", "domain_id", "code", "title", "description", "level", "position", "is_active"
            )
        ),
    )


def test_the_shipped_framework_is_there_with_no_manual_step_after_migrating():
    framework = Framework.objects.get(slug="pspteam-peer-practice", organisation__isnull=True)
    # Six practice domains, the six practice areas of issue 18 and what the organisation provides.
    assert framework.domains.count() == 13
    assert framework.competencies.count() == 49
    titles = set(framework.domains.values_list("title", flat=True))
    assert {"Drawing on lived experience", "Using supervision", "Boundaries and self-care"} <= titles
    assert "Health Education England" in framework.source and "SAMHSA" in framework.source


def test_loading_the_shipped_framework_twice_changes_nothing(django_assert_num_queries):
    load_shipped()
    before = snapshot()
    out = StringIO()
    # Queries: savepoint, framework by slug, its domains, its competencies, release, the count
    # printed — and not a single write.
    with django_assert_num_queries(6):
        call_command("load_competency_framework", str(SHIPPED_FILE), stdout=StringIO())
    call_command("load_competency_framework", str(SHIPPED_FILE), stdout=out)
    assert "nothing changed" in out.getvalue()
    assert snapshot() == before


def test_the_shipped_framework_is_written_in_our_words_and_every_competency_is_complete():
    data = parse_framework_file(SHIPPED_FILE)
    codes = [c["code"] for d in data["domains"] for c in d["competencies"]]
    assert len(codes) == len(set(codes)) == 49
    for domain in data["domains"]:
        assert 3 <= len(domain["competencies"]) <= 6
        assert domain["informed_by"], f"{domain['code']} names no source"
        for competency in domain["competencies"]:
            assert competency["description"] and competency["level"] in {"foundation", "practitioner", "advanced"}


def test_every_organisation_sees_the_shipped_framework_but_only_its_own_loaded_ones(api, everyone, org):
    data = parse_framework(CSV.encode(), fmt="csv")
    sync_framework(data, organisation_id=org.pk, Framework=Framework, Domain=Domain, Competency=Competency)
    mine = api.as_(everyone["peer"]).get("/api/v1/competencies/frameworks/").json()
    assert sorted(f["slug"] for f in mine["results"]) == [
        "local-peer",
        "pspteam-peer-practice",
        "samhsa-peer-core-competencies",
    ]
    theirs = api.as_(everyone["outsider"]).get("/api/v1/competencies/frameworks/").json()
    assert sorted(f["slug"] for f in theirs["results"]) == ["pspteam-peer-practice", "samhsa-peer-core-competencies"]
    local_id = next(f["id"] for f in mine["results"] if f["slug"] == "local-peer")
    assert api.as_(everyone["outsider"]).get(f"/api/v1/competencies/frameworks/{local_id}/").status_code == 404


def test_frameworks_list_serves_domains_and_competencies_in_a_fixed_number_of_queries(
    api, everyone, django_assert_max_num_queries
):
    client = api.as_(everyone["peer"])
    # session + user, frameworks in use, count, frameworks, domains, competencies (+ savepoints):
    # not per competency.
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/competencies/frameworks/").json()
    shipped = next(f for f in body["results"] if f["slug"] == "pspteam-peer-practice")
    assert shipped["shipped"] is True
    assert shipped["domains"][0]["competencies"][0]["code"] == "LE1"


def test_the_command_loads_a_csv_file_for_one_organisation_and_again_changes_nothing(tmp_path, org):
    path = tmp_path / "ours.csv"
    path.write_text(CSV, encoding="utf-8")
    out = StringIO()
    call_command("load_competency_framework", str(path), organisation=org.name, stdout=out)
    assert "3 competencies" in out.getvalue()
    framework = Framework.objects.get(slug="local-peer", organisation=org)
    assert list(framework.competencies.values_list("code", flat=True)) == ["A1", "A2", "B1"]
    before = snapshot()
    call_command("load_competency_framework", str(path), organisation=str(org.pk), stdout=StringIO())
    assert snapshot() == before


def test_a_newer_file_updates_in_place_and_retires_what_it_drops(tmp_path, org):
    path = tmp_path / "ours.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("load_competency_framework", str(path), organisation=org.name, stdout=StringIO())
    a2 = Competency.objects.get(framework__organisation=org, code="A2")
    newer = "\n".join(line for line in CSV.splitlines() if ",A2," not in line).replace(",2,", ",3,") + "\n"
    newer = newer.replace("Listening well", "Listening deeply")
    path.write_text(newer, encoding="utf-8")
    call_command("load_competency_framework", str(path), organisation=org.name, stdout=StringIO())
    a2.refresh_from_db()
    assert a2.is_active is False  # kept for the assessments that refer to it
    assert Competency.objects.get(framework__organisation=org, code="A1").title == "Listening deeply"
    assert Framework.objects.get(slug="local-peer").version == "3"


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        ("framework: {slug: x, name: X, version: '1', source: s}\ndomains: []", "yaml", "at least one domain"),
        ("framework: [1, 2]", "yaml", "“framework” section"),
        ("framework: {slug: 'bad slug', name: X, version: '1', source: s}", "yaml", "slug"),
        (
            "framework: {slug: x, name: X, version: '1', source: s}\ndomains:\n- code: A\n  title: T\n  competencies:\n"
            "  - {code: A1, title: T, description: D, level: expert}",
            "yaml",
            "“level” must be one of",
        ),
        (
            "framework: {slug: x, name: X, version: '1', source: s}\ndomains:\n- code: A\n  title: T\n  competencies:\n"
            "  - {code: A1, title: T, description: D, level: foundation}\n  - {code: A1, title: U, description: D, level: foundation}",
            "yaml",
            "used twice",
        ),
        ("key: [unclosed", "yaml", "could not be read"),
        ("a,b\n1,2\n", "csv", "header lacks"),
        ("anything", "txt", "Use a .yaml"),
    ],
)
def test_an_invalid_framework_file_is_refused_with_a_message_saying_where(content, fmt, message):
    with pytest.raises(FrameworkFileError, match=message):
        parse_framework(content.encode(), fmt=fmt)


def test_the_command_reports_a_bad_file_or_organisation_without_a_trace(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("framework: nope", encoding="utf-8")
    with pytest.raises(CommandError, match="framework"):
        call_command("load_competency_framework", str(bad), stdout=StringIO())
    with pytest.raises(CommandError, match="No organisation"):
        call_command("load_competency_framework", str(SHIPPED_FILE), organisation="Nowhere", stdout=StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_competency_framework", str(tmp_path / "missing.yaml"), stdout=StringIO())


def test_an_org_admin_loads_their_own_framework_through_the_page(client, everyone, org):
    client.force_login(everyone["admin"])
    upload = SimpleUploadedFile("ours.csv", CSV.encode(), content_type="text/csv")
    response = client.post(reverse("competencies:framework-list"), {"file": upload})
    assert response.status_code == 302
    assert Framework.objects.filter(organisation=org, slug="local-peer").exists()
    again = client.post(
        reverse("competencies:framework-list"),
        {"file": SimpleUploadedFile("ours.csv", CSV.encode(), content_type="text/csv")},
        follow=True,
    )
    assert "already up to date" in again.content.decode()


def test_a_bad_upload_shows_the_error_next_to_the_file_field(client, everyone):
    client.force_login(everyone["admin"])
    response = client.post(
        reverse("competencies:framework-list"),
        {"file": SimpleUploadedFile("ours.yaml", b"framework: nope", content_type="text/yaml")},
    )
    assert response.status_code == 400
    assert "framework" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("persona", ["manager", "supervisor", "peer"])
def test_only_org_admins_get_the_upload_form_and_a_post_from_anyone_else_changes_nothing(client, everyone, persona):
    client.force_login(everyone[persona])
    page = client.get(reverse("competencies:framework-list"))
    assert page.status_code == 200 and page.context["form"] is None
    client.post(
        reverse("competencies:framework-list"),
        {"file": SimpleUploadedFile("ours.csv", CSV.encode(), content_type="text/csv")},
    )
    assert not Framework.objects.filter(slug="local-peer").exists()
