"""What the agenda registers under hub's hooks (hub/hooks.py), from `AgendaConfig.ready()`:
its part of `load_demo` (the meetings and events of the seeds, hub/agenda/demo.py), after
the other apps' (the directory's coordination instances name the `instance` tier); and
the meetings held, for the evaluation dashboard (`maillage_evaluation_series`)."""

from wagtail import hooks

from hub.hooks import DEMO, EVALUATION_SERIES, DemoPart


@hooks.register(DEMO, order=30)
def demo_part():
    from hub.agenda.demo import load_agenda_demo

    return DemoPart(entries=lambda run: load_agenda_demo(instances=run.instances or None))


@hooks.register(EVALUATION_SERIES, order=30)
def evaluation_series(audience):
    """The meetings held, for the evaluation dashboard (hub/agenda/indicators.py)."""
    from hub.agenda.indicators import series

    return series(audience)
