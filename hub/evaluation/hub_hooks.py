"""What the evaluation registers under hub's hooks (hub/hooks.py), from
`EvaluationConfig.ready()`: its own series of the dashboard (after the apps': the
territories' project figures, then the site's use), and its part of `load_demo` (the
SELO figure, from its seed)."""

from wagtail import hooks

from hub.hooks import DEMO, EVALUATION_SERIES, DemoPart


@hooks.register(EVALUATION_SERIES, order=50)
def project_figures(audience):
    from hub.evaluation.indicators import project_series

    return project_series(audience)


@hooks.register(EVALUATION_SERIES, order=90)
def page_views(audience):
    from hub.evaluation.indicators import page_view_series

    return page_view_series(audience)


@hooks.register(DEMO, order=40)
def demo_part():
    from hub.evaluation.demo import load_evaluation_demo

    return DemoPart(entries=lambda run: load_evaluation_demo())
