from django import forms

from apps.accounts.models import User
from apps.community.models import MAX_BODY, MAX_REASON, MAX_TITLE


class ThreadForm(forms.Form):
    title = forms.CharField(
        max_length=MAX_TITLE, label="Title", help_text="Seen by every peer worker of your organisation."
    )
    body = forms.CharField(
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What you want to say",
        help_text="Only peer workers read the community: managers, clinicians and org admins who are not peer workers never do.",
    )


class ShareReflectionForm(forms.Form):
    reflection = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Which of your reflections",
        help_text="It is shown as it reads now; withdraw the post to take it back. Your reflection itself is unchanged.",
        empty_label=None,
    )
    title = forms.CharField(max_length=MAX_TITLE, label="Title of the thread")

    def __init__(self, *args, reflections, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reflection"]
        field.queryset = reflections
        field.label_from_instance = lambda r: r.display_title


class ReplyForm(forms.Form):
    body = forms.CharField(max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4}), label="Your reply")


class HideForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON,
        label="Why it is hidden",
        help_text="The author reads this reason on their post; nobody else does.",
    )


class DigestForm(forms.Form):
    digest = forms.BooleanField(
        required=False,
        label="E-mail me a weekly count of new posts",
        help_text="Just a number and a link: never a title, a text or a name.",
    )


class ModeratorForm(forms.Form):
    worker = forms.ModelChoiceField(queryset=User.objects.none(), label="Peer worker to name as peer lead")

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = candidates
        self.fields["worker"].label_from_instance = lambda u: u.display_name
