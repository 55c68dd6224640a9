from django import template

from apps.competencies.models import TrainingRecord

register = template.Library()


@register.filter
def training_state(record, today) -> str:
    return record.state_on(today)


@register.filter
def training_state_label(state) -> str:
    return TrainingRecord.State(state).label
