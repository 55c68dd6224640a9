"""Forms of "you said, we did" (``loop_views``)."""

from typing import Any

from django import forms

from apps.core.dates import prose_date
from apps.voice.models import FeedbackBatch, Pulse, VoiceAction

HEARD_HELP = "What the team said, in your words. Don't quote anyone or name who might have said it."


class ActionForm(forms.Form):
    """Record an action against a released pulse or feedback batch of the team."""

    source = forms.ChoiceField(label="In answer to", help_text="A pulse whose results are out, or released feedback.")
    heard = forms.CharField(
        label="You said",
        max_length=VoiceAction.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=HEARD_HELP,
    )
    planned = forms.CharField(
        label="We will", max_length=VoiceAction.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_role = forms.CharField(
        label="By whom", max_length=VoiceAction.ROLE_MAX, help_text="A role, for example “Team manager” or “Peer lead”."
    )
    follow_up_on = forms.DateField(
        label="Follow up on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The team's managers are reminded on this day while the action is open.",
    )

    def __init__(self, *args: Any, pulses: list[Pulse], batches: list[FeedbackBatch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pulses = {str(p.pk): p for p in pulses}
        self._batches = {str(b.pk): b for b in batches}
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = (
            [("", "Choose…")]
            + [(f"pulse:{p.pk}", f"Pulse of {prose_date(p.opened_on)} to {prose_date(p.closes_on)}") for p in pulses]
            + [(f"batch:{b.pk}", f"Feedback released {prose_date(b.released_on)} ({b.size} messages)") for b in batches]
        )

    def source_kwargs(self) -> dict[str, Any]:
        kind, _, pk = self.cleaned_data["source"].partition(":")
        if kind == "pulse":
            return {"pulse": self._pulses[pk]}
        return {"feedback_batch": self._batches[pk]}


class ActionUpdateForm(forms.Form):
    """Mark an action done (with a note on what was done), reopen it, or move its follow-up."""

    status = forms.ChoiceField(label="Status", choices=VoiceAction.Status.choices)
    done_note = forms.CharField(
        label="What was done",
        required=False,
        max_length=VoiceAction.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to mark it done. The team reads it.",
    )
    follow_up_on = forms.DateField(label="Follow up on", required=False, widget=forms.DateInput(attrs={"type": "date"}))
