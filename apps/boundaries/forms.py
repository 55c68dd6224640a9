from django import forms

from apps.boundaries.models import BoundaryNote
from apps.boundaries.wording import (
    CHOOSE_CATEGORY,
    CHOOSE_TALK_WHEN,
    TALK_WHEN_CHOICES,
    TALK_WHEN_HELP,
    TALK_WHEN_LABEL,
)

NO_IDENTIFIERS = (
    "Never identify a service user: no names, initials, dates of birth, addresses, "
    "or details that would let someone work out who they are."
)


class BoundaryNoteForm(forms.Form):
    occurred_on = forms.DateField(
        label="When did it happen?", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    category = forms.ChoiceField(
        label="What kind of boundary situation?",
        choices=[("", "Choose one…"), *BoundaryNote.Category.choices],
        error_messages={"required": CHOOSE_CATEGORY, "invalid_choice": CHOOSE_CATEGORY},
    )
    situation = forms.CharField(
        label="The situation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTIFIERS,
    )
    what_i_shared = forms.CharField(
        label="What I shared (of my own lived experience, if anything)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reasoning = forms.CharField(
        label="My reasoning", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    risk = forms.ChoiceField(
        label=TALK_WHEN_LABEL,
        help_text=TALK_WHEN_HELP,
        choices=TALK_WHEN_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_TALK_WHEN, "invalid_choice": CHOOSE_TALK_WHEN},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_disclosure_plan_fields(self)

    def plan_fields(self):
        return [self[name] for name in DISCLOSURE_PLAN]


# The disclosure plan (issue 18, item 6): the questions peer workers are taught to ask themselves
# before sharing their own story (apps/boundaries/README.md "Planning what I share"). All optional.
DISCLOSURE_PLAN = {
    "plan_purpose": ("Why would I share?", "What do I hope sharing will do for the person I'm with?"),
    "plan_whose_interest": (
        "In whose interest?",
        "Is it for them, or am I meeting a need of my own? Both can be true; say which.",
    ),
    "plan_what_and_how_much": (
        "What, and how much?",
        "Which part of my story, how much detail, and what I'll keep to myself.",
    ),
    "plan_ask_share_ask": (
        "Ask, share, ask",
        "What I'll ask first, what I'll share, and how I'll ask how it landed.",
    ),
    "plan_support_after": (
        "Support for me afterwards",
        "Who or what helps me if sharing stirs things up (a peer supervisor, a break, my wellness plan).",
    ),
}


def add_disclosure_plan_fields(form: forms.Form) -> None:
    for name, (label, help_text) in DISCLOSURE_PLAN.items():
        form.fields[name] = forms.CharField(
            label=label, help_text=help_text, max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


class ReviewForm(forms.Form):
    response = forms.CharField(label="Your reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    follow_up_needed = forms.BooleanField(label="Let's talk it through in supervision", required=False)


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label="Add a later thought",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your note's text stays as it was reviewed; later thoughts are added here. " + NO_IDENTIFIERS,
    )


class NoteSharingForm(forms.Form):
    """Who reads the note: the ``readers`` field is added by the view (``add_readers_field``)."""
