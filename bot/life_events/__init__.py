"""Life events across government: a death, a birth, a move, emigration, losing one's job,
turning 18, a divorce.

The events live in ``gemeente.yml`` (section ``levensgebeurtenissen``) and their sentences in
``content/antwoorden.yml``. ``matcher`` recognises an event in a message from the event's words
and whether the resident asks what to arrange, ``checklist`` builds the short reply (the
municipal part first, then the other organisations with their own pages and a button to an
agency appointment at a pilot location) and ``check`` tells an administrator what is wrong with
the section.
"""
