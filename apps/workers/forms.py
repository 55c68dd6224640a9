import zoneinfo
from decimal import Decimal

from django import forms

from apps.accounts.models import User
from apps.teams.models import Membership

HOURS_HELP = "As in their contract, e.g. 22.5. Roles adding up to more are flagged as over their hours."
NO_HOURS_LABEL = "No contracted hours (bank, sessional or zero-hours work)"
NO_HOURS_HELP = "Their roles' hours are then shown but never compared with a contract."


def _hours_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        min_value=Decimal("0.5"),
        max_value=80,
        decimal_places=1,
        label="Contracted hours per week",
        help_text=HOURS_HELP,
        **kwargs,
    )


def _no_hours_field() -> forms.BooleanField:
    return forms.BooleanField(required=False, label=NO_HOURS_LABEL, help_text=NO_HOURS_HELP)


class ContractedHoursMixin:
    """Contracted hours are an explicit choice: a number of hours, or "No contracted hours"
    (stored as 0, see ``User.has_contracted_hours``); an empty field is not a choice. Nothing is
    pre-filled, so nobody gets 0 hours (and every role flagged as over them) by default."""

    def clean(self):
        data = super().clean()
        if self.fields["contracted_hours_per_week"].disabled:
            return data
        hours, none = data.get("contracted_hours_per_week"), data.get("no_contracted_hours")
        if none and hours:
            self.add_error(
                "contracted_hours_per_week",
                "Leave the hours empty when they have no contracted hours, or untick “No contracted hours”.",
            )
        elif none:
            data["contracted_hours_per_week"] = Decimal(0)
        elif hours is None and "contracted_hours_per_week" not in self.errors:
            self.add_error(
                "contracted_hours_per_week",
                "Enter their contracted hours per week, or tick “No contracted hours”.",
            )
        data.pop("no_contracted_hours", None)
        return data


class WorkerForm(ContractedHoursMixin, forms.Form):
    username = forms.CharField(max_length=150, help_text="Used to sign in. Letters, digits and @/./+/-/_ only.")
    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")
    email = forms.EmailField(required=False, help_text="Without a password, a set-password link is sent here.")
    worker_kind = forms.ChoiceField(choices=User.WorkerKind.choices, label="Kind of worker")
    contracted_hours_per_week = _hours_field()
    no_contracted_hours = _no_hours_field()
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Optional. Leave empty to e-mail a set-password link instead.",
    )


class WorkerEditForm(ContractedHoursMixin, forms.Form):
    """A person's details. Name and e-mail address are read-only unless the editor is an org admin
    editing someone else (the service refuses them otherwise, with the same message)."""

    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")
    email = forms.EmailField(required=False, label="E-mail address")
    employee_number = forms.CharField(
        max_length=40,
        required=False,
        label="Employee number",
        help_text="From your HR system; staff imports match on it.",
    )
    worker_kind = forms.ChoiceField(choices=User.WorkerKind.choices, label="Kind of worker")
    job_title = forms.CharField(max_length=200, required=False, label="Job title")
    contracted_hours_per_week = _hours_field()
    no_contracted_hours = _no_hours_field()

    def __init__(self, *args, editable: set, worker: User, **kwargs):
        initial = {
            name: getattr(worker, name)
            for name in ("display_name", "email", "employee_number", "worker_kind", "job_title")
        }
        if worker.has_contracted_hours:
            initial["contracted_hours_per_week"] = worker.contracted_hours_per_week
        else:
            initial["no_contracted_hours"] = True
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.worker = worker
        if "contracted_hours_per_week" in editable:
            editable = editable | {"no_contracted_hours"}
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True
                field.help_text = (
                    "Only an org admin can change this."
                    if name in {"display_name", "email", "employee_number"}
                    else "You cannot change this."
                )

    def changed_editable(self) -> dict:
        """The editable fields whose value differs from the worker's (hours compared as numbers)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled and value != getattr(self.worker, name)
        }


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New e-mail address",
        help_text="We send a link to the new address; the change happens when you open it (within 24 hours).",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TeamRoleForm(forms.Form):
    """A member's team role, changed in place (not by removing and adding them again)."""

    team_role = forms.ChoiceField(choices=Membership.TeamRole.choices, label="Team role")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_role"].label = f"Team role in {team}"


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        label="Time zone",
        help_text="Decides what “today” is for everyone: when supervision is due, when reminders go out, "
        "and the dates on the dashboards.",
    )
