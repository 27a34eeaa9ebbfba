"""What the trainings register under hub's hooks (hub/hooks.py), from
`TrainingsConfig.ready()`:

- `maillage_demo`: the training module of fiche action 1 with two sessions
  (hub/trainings/demo.py), in the `pages` step, after the demo accounts it registers;
- `maillage_evaluation_series`: sessions held, people trained and the mean scores, for the
  evaluation dashboard (hub/trainings/series.py).
"""

from wagtail import hooks

from hub.hooks import DEMO, EVALUATION_SERIES, DemoPart


@hooks.register(DEMO, order=40)
def demo_part():
    from hub.trainings.demo import load_trainings_demo

    return DemoPart(pages=lambda run: load_trainings_demo())


@hooks.register(EVALUATION_SERIES)
def evaluation_series(audience):
    from hub.trainings.series import series_for

    return series_for(audience)
