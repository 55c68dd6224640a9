"""Hours as people write them (issue 15): one rule, ``apps.core.hours``, for every page."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from apps.accounts.models import User
from apps.core.hours import hours_number, hours_text


@pytest.mark.parametrize(
    ("value", "number", "text"),
    [
        (Decimal("25.0"), "25", "25 hours"),
        (Decimal("37.50"), "37.5", "37.5 hours"),
        (Decimal("20"), "20", "20 hours"),
        (Decimal("100.0"), "100", "100 hours"),
        (Decimal("1.0"), "1", "1 hour"),
        (Decimal("0.5"), "0.5", "0.5 hours"),
        (Decimal("0"), "0", "0 hours"),
        (7.5, "7.5", "7.5 hours"),
        ("22.50", "22.5", "22.5 hours"),
        (None, "—", "—"),
    ],
)
def test_hours_without_trailing_zeros_or_exponents(value, number, text):
    assert hours_number(value) == number
    assert hours_text(value) == text


def test_the_template_filters_are_the_same_rule():
    rendered = Template("{% load prose %}{{ h|hours }} a week; {{ h|hours_number }}").render(
        Context({"h": Decimal("37.50")})
    )
    assert rendered == "37.5 hours a week; 37.5"
    dashboard = Template("{% load dashboard %}{{ h|signed_hours }}").render(Context({"h": Decimal("20.0")}))
    assert dashboard == "+20"


def test_a_workers_contracted_hours_read_as_a_sentence():
    assert User(contracted_hours_per_week=Decimal("22.50")).contracted_hours_label == "22.5 hours a week"
    assert User(contracted_hours_per_week=Decimal("0")).contracted_hours_label == "No contracted hours"
