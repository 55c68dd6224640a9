from django import template

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
