"""Evaluation results, aggregated: per session or per module, per kind of evaluation.

Never one person's answers: a group of fewer than `THRESHOLD` answers shows its count and
nothing else (no mean, no free text), so that a session of two cannot be read answer by
answer; the free texts are listed without names, in alphabetical order (not in the order
they were written, which would tell who wrote what to who knows the order of arrival).
Only the module's managers read results (`hub.trainings.rules.may_manage`, asked by the
views).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count

from hub.trainings.models import QUESTIONS, Evaluation, EvaluationKind

THRESHOLD = 3


@dataclass(frozen=True)
class QuestionResult:
    label: str
    mean: float


@dataclass(frozen=True)
class KindResult:
    kind: str
    label: str
    count: int
    questions: tuple[QuestionResult, ...] = ()
    comments: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return self.count >= THRESHOLD


def aggregate(evaluations) -> list[KindResult]:
    """`evaluations` (a queryset) as one `KindResult` per kind."""
    results = []
    for kind, label in EvaluationKind.choices:
        rows = evaluations.filter(kind=kind)
        figures = rows.aggregate(
            count=Count("pk"), **{name: Avg(name) for name, _hot, _follow in QUESTIONS}
        )
        count = figures["count"]
        if count < THRESHOLD:
            results.append(KindResult(kind, label, count))
            continue
        wording = 1 if kind == EvaluationKind.HOT else 2
        questions = tuple(
            QuestionResult(str(question[wording]), round(figures[question[0]], 1))
            for question in QUESTIONS
        )
        comments = sorted(
            text.strip() for text in rows.exclude(comment="").values_list("comment", flat=True)
        )
        results.append(KindResult(kind, label, count, questions, tuple(comments)))
    return results


def for_session(session) -> list[KindResult]:
    return aggregate(Evaluation.objects.filter(registration__session=session))


def for_module(module) -> list[KindResult]:
    return aggregate(Evaluation.objects.filter(registration__session__module=module))
