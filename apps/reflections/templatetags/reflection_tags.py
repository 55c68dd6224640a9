"""Showing a reflection's sections in framework order, and short excerpts for lists.

Whoever renders these for someone other than the author must audit the read (the views do,
one bulk insert per page).
"""

from django import template
from django.utils.text import Truncator

from apps.reflections.frameworks import get_framework

register = template.Library()


@register.filter
def framework_label(key: str) -> str:
    framework = get_framework(key)
    return framework.label if framework else key


@register.filter
def sections_display(reflection) -> list[dict]:
    """``[{key, label, hint, text}]``: answered prompts in the framework's order, then any text
    kept under a key the framework no longer has (a prompt removed from the data file)."""
    sections = reflection.sections or {}
    framework = get_framework(reflection.framework)
    rows, seen = [], set()
    if framework:
        for prompt in framework.prompts:
            seen.add(prompt.key)
            if sections.get(prompt.key):
                rows.append(
                    {"key": prompt.key, "label": prompt.label, "hint": prompt.hint, "text": sections[prompt.key]}
                )
    for key, text in sections.items():
        if key not in seen and text:
            rows.append({"key": key, "label": key.replace("_", " ").capitalize(), "hint": "", "text": text})
    return rows


@register.filter
def excerpt(reflection, length: int = 220) -> str:
    """The first answered prompt, cut to ``length`` characters (plain text; autoescaped)."""
    rows = sections_display(reflection)
    if not rows:
        return ""
    return Truncator(" ".join(rows[0]["text"].split())).chars(int(length))
