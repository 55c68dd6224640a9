"""How boundary notes speak to people (issue 15, items 10 and 12).

A note is a peer worker's reflection on a boundary moment, not an incident report: the words
are about a conversation the author would like to have, never a rating of risk. The stored
values (low/medium/high; submitted/reviewed/closed) stay as they are for the API.
"""

from apps.boundaries.models import BoundaryNote

# The author always chooses both (issue 15, item 10): no option is pre-selected, and a missing
# choice is refused with these words, on the page and in the API alike.
CHOOSE_CATEGORY = "Choose what kind of situation this was."
CHOOSE_TALK_WHEN = "Choose how soon you would like to talk this through."
TALK_WHEN_LABEL = "How soon would you like to talk this through?"
TALK_WHEN_HELP = (
    "This helps your supervisor decide which conversations to have first. "
    "It is not a judgement of you or of what happened."
)
# Nearest first, as the question reads ("soon", "this week", "whenever suits").
TALK_WHEN_CHOICES = [(v, BoundaryNote.Risk(v).label) for v in ("high", "medium", "low")]
