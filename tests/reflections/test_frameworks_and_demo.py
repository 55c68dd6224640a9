"""Frameworks are data; the demo has every visibility and reception and is idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.reflections import frameworks as fw
from apps.reflections import selectors
from apps.reflections.models import Reflection, ReflectionComment


def test_shipped_frameworks_have_the_spec_prompts_in_order():
    keys = {key: f.prompt_keys for key, f in fw.frameworks().items()}
    assert keys == {
        "gibbs": ("description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"),
        "kolb": ("experience", "reflective_observation", "abstract_conceptualisation", "active_experimentation"),
        "driscoll": ("what", "so_what", "now_what"),
        "nmc": ("what_happened", "what_i_learned", "how_i_changed_my_practice", "how_it_relates_to_my_values"),
        # issue 18, item 6: the reflection matching a boundary note's disclosure plan.
        "sharing_my_experience": (
            "purpose",
            "whose_interest",
            "what_and_how_much",
            "ask_share_ask",
            "support_after",
            "next_time",
        ),
        "free": ("body",),
    }
    assert all(p.hint for f in fw.frameworks().values() for p in f.prompts)


def test_adding_a_framework_is_a_data_change(tmp_path, monkeypatch, db, client, everyone):
    extra = tmp_path / "frameworks.yaml"
    extra.write_text(
        fw.FRAMEWORKS_FILE.read_text()
        + """
  - key: schon
    label: Schön's reflection-in-action
    description: Thinking while doing.
    prompts:
      - key: in_action
        label: In action
        hint: What did you notice while it happened?
"""
    )
    monkeypatch.setattr(fw, "FRAMEWORKS_FILE", extra)
    fw.frameworks.cache_clear()
    try:
        client.force_login(everyone["peer"])
        html = client.get("/reflections/new/").content.decode()
        assert "Schön&#x27;s reflection-in-action" in html and "What did you notice while it happened?" in html
        response = client.post(
            "/reflections/new/",
            {
                "title": "Doing and thinking",
                "occurred_on": "2024-01-02",
                "framework": "schon",
                "schon__in_action": "I slowed down.",
                "visibility": "private",
            },
        )
        assert response.status_code == 302
        assert Reflection.objects.get().sections == {"in_action": "I slowed down."}
    finally:
        fw.frameworks.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "frameworks: []\n",
        "frameworks:\n  - key: a\n    label: A\n    prompts: []\n",
        "frameworks:\n  - key: a\n    label: A\n    prompts:\n      - {key: x, label: X}\n      - {key: x, label: Y}\n",
        "frameworks:\n  - label: no key\n    prompts:\n      - {key: x, label: X}\n",
    ],
)
def test_a_malformed_frameworks_file_fails_loudly(tmp_path, text):
    path = tmp_path / "f.yaml"
    path.write_text(text)
    with pytest.raises(fw.FrameworkFileError):
        fw.load_frameworks(path)


def test_text_kept_under_a_prompt_removed_from_the_file_is_still_shown(db, client, everyone):
    from tests.reflections.factories import ReflectionFactory

    reflection = ReflectionFactory(
        author=everyone["peer"], sections={"description": "Kept", "old_prompt": "Still here"}
    )
    client.force_login(everyone["peer"])
    html = client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert "Still here" in html and "Old prompt" in html


@pytest.mark.django_db
def test_demo_has_every_visibility_and_reception_a_comment_and_an_acknowledgement():
    call_command("seed_demo", stdout=StringIO())
    published = Reflection.objects.filter(is_draft=False)
    assert set(published.values_list("visibility", flat=True)) == set(Reflection.Visibility.values)
    assert set(published.values_list("reception", flat=True)) >= set(Reflection.Reception.values)
    assert Reflection.objects.filter(is_draft=True).exists()
    assert ReflectionComment.objects.filter(author__username="demo-supervisor").exists()
    assert published.filter(acknowledged_by__username="demo-supervisor").exists()
    # Issue 19, item 2: colleagues' replies on the team feed, and enough markers to show a count.
    handover = published.get(title="Naming hope in the morning handover")
    assert ReflectionComment.objects.filter(reflection=handover, team=handover.team).count() == 2
    assert selectors.team_reception(handover)["helped"] == 5
    before = sorted(map(str, Reflection.objects.values_list("pk", "updated_at")))
    call_command("seed_demo", stdout=StringIO())
    assert sorted(map(str, Reflection.objects.values_list("pk", "updated_at"))) == before
