"""Forms of the reflection pages. Rules live in the services; forms only shape the input."""

from typing import cast

from django import forms

from apps.core.forms import add_readers_field
from apps.reflections.frameworks import DEFAULT_FRAMEWORK, framework_choices, frameworks
from apps.reflections.models import Reflection
from apps.reflections.validation import MAX_COMMENT_LENGTH, validate_comment_body

SECTION_SEPARATOR = "__"


def section_field_name(framework_key: str, prompt_key: str) -> str:
    return f"{framework_key}{SECTION_SEPARATOR}{prompt_key}"


class ReflectionForm(forms.Form):
    """Every framework's prompts are fields (``gibbs__feelings`` ...); only the chosen
    framework's are saved. The page shows the chosen framework's fieldset and hides the others
    (JavaScript switches them; without it, "Switch framework" re-renders the form)."""

    title = forms.CharField(max_length=200, required=False)
    occurred_on = forms.DateField(
        label="When it happened", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    framework = forms.ChoiceField(
        label="Reflective framework", help_text="Each framework is a short list of prompts to reflect with."
    )
    perspective = forms.ChoiceField(
        required=False,
        label="Perspective I brought",
        choices=[("", "None recorded"), *Reflection.Perspective.choices],
        help_text="Optional: the perspective you contributed to the team (e.g. lived experience).",
    )
    shared_with_team = forms.BooleanField(required=False, label="I shared this perspective with the team")
    reception = forms.ChoiceField(
        required=False,
        label="How the team received it",
        choices=[("", "Not recorded"), *Reflection.Reception.choices],
    )
    visibility = forms.ChoiceField(
        choices=Reflection.Visibility.choices,
        initial=Reflection.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        label="Who can read it",
        help_text="Private by default. Team entries are read by the team (its managers included) and your "
        "organisation's admins; supervisors read an entry only if you tick them below. You can change this at any time.",
    )
    team = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Choose a team", help_text="Only when shared with a team."
    )
    # The server draft autosave created for a new entry; submitting publishes that draft.
    draft = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, teams, author=None, readers=None, draft_mode: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if author is not None:
            add_readers_field(self, author, initial=readers)
        self.draft_mode = draft_mode
        cast(forms.ChoiceField, self.fields["framework"]).choices = framework_choices()
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        self.fields["title"].required = not draft_mode
        self.fields["occurred_on"].required = not draft_mode
        self.section_names = {}
        for framework in frameworks().values():
            for prompt in framework.prompts:
                name = section_field_name(framework.key, prompt.key)
                self.fields[name] = forms.CharField(
                    required=False,
                    label=prompt.label,
                    help_text=prompt.hint,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    strip=False,
                )
                self.section_names[name] = (framework.key, prompt.key)

    @property
    def chosen_framework(self) -> str:
        value = self.data.get(self.add_prefix("framework")) if self.is_bound else None
        value = value or self.initial.get("framework") or DEFAULT_FRAMEWORK
        return value if value in frameworks() else DEFAULT_FRAMEWORK

    def framework_fieldsets(self):
        """``[(framework, [bound fields], is_chosen)]`` for the template."""
        chosen = self.chosen_framework
        return [
            (
                framework,
                [self[section_field_name(framework.key, p.key)] for p in framework.prompts],
                framework.key == chosen,
            )
            for framework in frameworks().values()
        ]

    def clean(self):
        data = super().clean()
        if data.get("visibility") != Reflection.Visibility.TEAM:
            data["team"] = None  # a team picked and then un-shared is just ignored on the page
        if data.get("visibility") == Reflection.Visibility.PRIVATE:
            data.pop("readers", None)  # pre-ticked supervisors of a private entry are not named
        return data

    def service_data(self) -> dict:
        """The cleaned input in the services' shape (sections of the chosen framework only)."""
        data = self.cleaned_data
        framework = data.get("framework") or DEFAULT_FRAMEWORK
        sections = {
            prompt_key: data.get(name) or ""
            for name, (framework_key, prompt_key) in self.section_names.items()
            if framework_key == framework
        }
        return {
            "title": data.get("title") or "",
            "occurred_on": data.get("occurred_on"),
            "framework": framework,
            "sections": sections,
            "perspective": data.get("perspective") or "",
            "shared_with_team": bool(data.get("shared_with_team")),
            "reception": data.get("reception") or "",
            "visibility": data.get("visibility") or Reflection.Visibility.PRIVATE,
            "team": data.get("team"),
            **({"readers": list(data["readers"])} if "readers" in data else {}),
        }

    def first_section_name(self) -> str:
        """Where a service error about ``sections`` is shown: the chosen framework's first prompt."""
        framework = frameworks()[self.chosen_framework]
        return section_field_name(framework.key, framework.prompts[0].key)


def initial_from(reflection: Reflection) -> dict:
    initial = {
        "title": reflection.title,
        "occurred_on": reflection.occurred_on,
        "framework": reflection.framework,
        "perspective": reflection.perspective,
        "shared_with_team": reflection.shared_with_team,
        "reception": reflection.reception,
        "visibility": reflection.visibility,
        "team": reflection.team_id,
    }
    for key, text in (reflection.sections or {}).items():
        initial[section_field_name(reflection.framework, key)] = text
    return initial


class SharingForm(forms.Form):
    visibility = forms.ChoiceField(
        choices=Reflection.Visibility.choices, widget=forms.RadioSelect, label="Who can read it"
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Choose a team")

    def __init__(self, *args, teams, author=None, readers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if author is not None:
            add_readers_field(self, author, initial=readers)

    def clean(self):
        data = super().clean()
        if data.get("visibility") != Reflection.Visibility.TEAM:
            data["team"] = None
        if data.get("visibility") == Reflection.Visibility.PRIVATE:
            data.pop("readers", None)
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        out = {"visibility": data["visibility"], "team": data["team"]}
        if "readers" in data:
            out["readers"] = list(data["readers"])
        return out


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        # The service's rule (one message on every channel); the browser stops at the same length.
        validators=[validate_comment_body],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT_LENGTH}),
        help_text="The author is told that you commented (not what you wrote).",
    )

    def __init__(self, *args, reply: bool = False, colleague: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if reply:
            self.fields["body"].label = "Your reply"
            self.fields["body"].help_text = "Supervisors who commented are told that you replied (not what you wrote)."
        elif colleague:
            self.fields["body"].label = "Your reply"
            self.fields["body"].help_text = (
                "Readers of this entry in the team see your reply with your name. The author is told "
                "that someone replied (not who, not what)."
            )


class RepliesForm(forms.Form):
    """The author turns colleagues' replies off or on again."""

    replies_open = forms.ChoiceField(choices=[("on", "On"), ("off", "Off")], label="Replies from colleagues")


class HelpedForm(forms.Form):
    """A colleague's "this helped me": set (``yes``) or taken back (``no``)."""

    helped = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], label="This helped me")


class MyReflectionsFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    framework = forms.ChoiceField(required=False, label="Framework")
    visibility = forms.ChoiceField(
        required=False,
        label="Visibility",
        choices=[("", "Any"), *Reflection.Visibility.choices, ("draft", "Drafts")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [("", "Any"), *framework_choices()]


class FeedFilterForm(forms.Form):
    perspective = forms.ChoiceField(required=False, choices=[("", "Any"), *Reflection.Perspective.choices])
    reception = forms.ChoiceField(required=False, choices=[("", "Any"), *Reflection.Reception.choices])
