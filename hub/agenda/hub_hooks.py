"""What the agenda registers under hub's hooks (hub/hooks.py), from `AgendaConfig.ready()`:
its part of `load_demo` (the Grand Lyon governance calendar), after the other apps'."""

from wagtail import hooks

from hub.hooks import DEMO, DemoPart


@hooks.register(DEMO, order=30)
def demo_part():
    from hub.agenda.demo import load_agenda_demo

    return DemoPart(entries=lambda run: load_agenda_demo())
