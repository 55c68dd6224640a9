from django import forms

from apps.accounts.models import User


class WorkerForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="Used to sign in. Letters, digits and @/./+/-/_ only.")
    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")
    email = forms.EmailField(required=False, help_text="Without a password, a set-password link is sent here.")
    worker_kind = forms.ChoiceField(choices=User.WorkerKind.choices, label="Kind of worker")
    contracted_hours_per_week = forms.DecimalField(
        min_value=0, max_value=80, decimal_places=1, initial=0, label="Contracted hours per week"
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Optional. Leave empty to e-mail a set-password link instead.",
    )


class WorkerEditForm(forms.Form):
    """A person's details. Name and e-mail address are read-only unless the editor is an org admin
    editing someone else (the service refuses them otherwise, with the same message)."""

    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")
    email = forms.EmailField(required=False, label="E-mail address")
    worker_kind = forms.ChoiceField(choices=User.WorkerKind.choices, label="Kind of worker")
    contracted_hours_per_week = forms.DecimalField(
        min_value=0, max_value=80, decimal_places=1, label="Contracted hours per week"
    )

    def __init__(self, *args, editable: set, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True
                field.help_text = (
                    "Only an org admin can change this."
                    if name in {"display_name", "email"}
                    else "You cannot change this."
                )

    def changed_editable(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if not self.fields[name].disabled}


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New e-mail address",
        help_text="We send a link to the new address; the change happens when you open it (within 24 hours).",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
