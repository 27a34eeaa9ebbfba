"""`manage.py generate_directory --count N [--seed S] [--data-inclusion DIR]`: synthetic
directory entries (see `directory.synthetic`), either written to the database or, with
--data-inclusion, as data·inclusion JSON Lines files (structures.jsonl, services.jsonl)
that `import_data_inclusion` reads: the import benchmark uses them."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from directory import synthetic


class Command(BaseCommand):
    help = _(
        "Génère des entrées d'annuaire fictives (pour les tests de charge), dans la base ou "
        "en fichiers data·inclusion."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help=_("Nombre de structures."))
        parser.add_argument("--seed", type=int, default=0, help=_("Graine (reproductible)."))
        parser.add_argument(
            "--data-inclusion",
            type=Path,
            default=None,
            metavar="DIR",
            help=_("Écrit des fichiers data·inclusion dans ce dossier au lieu de la base."),
        )

    def handle(self, *args, count: int, seed: int, data_inclusion: Path | None, **options):
        if count < 1:
            raise CommandError(_("--count doit être un nombre positif."))
        started = time.perf_counter()
        try:
            if data_inclusion is not None:
                data_inclusion.mkdir(parents=True, exist_ok=True)
                with (
                    (data_inclusion / "structures.jsonl").open("w", encoding="utf-8") as out_s,
                    (data_inclusion / "services.jsonl").open("w", encoding="utf-8") as out_v,
                ):
                    for structure, service in synthetic.iter_data_inclusion_records(count, seed):
                        out_s.write(json.dumps(structure, ensure_ascii=False) + "\n")
                        out_v.write(json.dumps(service, ensure_ascii=False) + "\n")
                what = _("%(count)s structures et services écrits dans %(path)s") % {
                    "count": count,
                    "path": data_inclusion,
                }
            else:
                with transaction.atomic():
                    created = synthetic.create_entries(count, seed)
                what = _("%(created)s structure(s) fictive(s) créée(s) (graine %(seed)s)") % {
                    "created": created,
                    "seed": seed,
                }
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(_("%(what)s, en %(seconds)s s.") % {"what": what, "seconds": seconds})
