"""Every id a page points at is there (issue 15, item 4): ``aria-describedby``,
``aria-labelledby`` and ``<label for>`` on every page of the app, in Chromium.

axe does not catch a description that points nowhere: the help text of every form field was
never read out because inputs pointed at ``id_X_helptext`` while the template gave the
paragraph ``id_X_help``. The walk is the accessibility walk's (``plan_walk`` over the URL
configuration, ids from ``demo_ids``), so a new page is checked without a list to keep.
"""

import pytest
from django.core.management import call_command

from apps.core.demo import DEMO_PASSWORD
from tests.browser.test_accessibility import PERSONAS, demo_ids, plan_walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each reference that does not resolve, as "attribute=id on <tag>"; and how many resolved.
DANGLING = """() => {
  const dangling = [];
  let resolved = 0;
  for (const [selector, attr] of [['[aria-describedby]', 'aria-describedby'],
                                  ['[aria-labelledby]', 'aria-labelledby'],
                                  ['label[for]', 'for']]) {
    for (const el of document.querySelectorAll(selector)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (document.getElementById(id)) { resolved++; continue; }
        dangling.push(`${attr}=${id} on <${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}>`);
      }
    }
  }
  return {dangling, resolved};
}"""


# One test walks every page (more than 70 now): the default 300 s per test is for one flow.
@pytest.mark.timeout(1200)
def test_every_described_by_labelled_by_and_label_for_resolves_on_every_page(page, sign_in):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from apps.accounts.models import User

    people = {key: User.objects.get(username=f"demo-{key.replace('_', '-')}") for key in PERSONAS}
    visits, _not_pages, unfillable = plan_walk(people, demo_ids(people))
    assert unfillable == []
    visits.sort(key=lambda v: PERSONAS.index(v[2]) if v[2] else -1)
    problems, resolved, signed_in_as = {}, 0, "nobody"
    for name, url, persona in visits:
        if persona != signed_in_as:
            if persona is None:
                page.context.clear_cookies()
            else:
                sign_in(page, people[persona], password=DEMO_PASSWORD)
            signed_in_as = persona
        page.goto(url)
        page.wait_for_load_state("load")
        found = page.evaluate(DANGLING)
        resolved += found["resolved"]
        if found["dangling"]:
            problems[f"{name} as {persona or 'anonymous'}"] = found["dangling"]
    assert problems == {}
    # The walk saw the pages with forms: help texts and labels by the hundred, not a handful.
    assert len(visits) >= 60 and resolved >= 300, (len(visits), resolved)
