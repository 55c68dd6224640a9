"""Reflection pages, one module per concern (``apps/reflections/urls.py`` names each view):

* :mod:`.entries` — "My reflections", writing, editing, sharing and deleting an entry;
* :mod:`.autosave` — the JSON endpoints that keep a draft while it is typed;
* :mod:`.detail` — one entry with its comments, commenting and acknowledging;
* :mod:`.feed` — a team's learning feed and a supervisor's "shared with me";
* :mod:`.chart` — the perspective exchanges over time;
* :mod:`.common` — what several of them share (the author's teams, sharing in words).

Every page that shows a body or an excerpt gets it from a selector that records the read by
anyone but the author (one bulk insert per page). Anything the reader may not read is 404.
"""
