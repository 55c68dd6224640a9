from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.registry import RECORD_PANELS

register = template.Library()


@register.filter
def value_kind(value) -> str:
    """'dict', 'list', 'empty' or 'scalar': lets a template walk a JSON-like document."""
    if value is None or value == "" or value == [] or value == {}:
        return "empty"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, list | tuple):
        return "list"
    return "scalar"


@register.simple_tag(takes_context=True)
def record_panels(context, record) -> SafeString:
    """The sections other apps add to ``record``'s page (``registry.register_record_panel``)."""
    request = context.get("request")
    if request is None or record is None:
        return mark_safe("")
    label = record._meta.label_lower
    parts = []
    for panel in RECORD_PANELS:
        if panel.model != label:
            continue
        extra = panel.context(request.user, record)
        if extra is not None:
            parts.append(render_to_string(panel.template, {"record": record, **extra}, request=request))
    # Each part is a template rendered with autoescaping on: nothing unescaped is joined here.
    return mark_safe("".join(parts))  # noqa: S308
