"""`manage.py export_data_inclusion --output DIR`: write `structures.json` and
`services.json` (data·inclusion schema v1, JSON arrays) for publication.

It exports what an anonymous visitor sees (public entries, public contact lines only):
a file on disk has no reader to ask `hub.access` about, so it must be fit for anyone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.exports import iter_service_records, iter_structure_records


class Command(BaseCommand):
    help = _(
        "Exporte l'annuaire public au format data·inclusion (schéma v1) : structures.json et "
        "services.json dans le dossier donné."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help=_("Dossier de sortie."))

    def handle(self, *args, output: Path, **options):
        started = time.perf_counter()
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                _("Impossible de créer le dossier %(path)s : %(error)s.")
                % {"path": output, "error": error.strerror}
            ) from None
        anonymous = AnonymousUser()
        counts = {}
        for name, records in (
            ("structures.json", iter_structure_records(anonymous)),
            ("services.json", iter_service_records(anonymous)),
        ):
            count = 0
            with (output / name).open("w", encoding="utf-8") as stream:
                stream.write("[")
                for record in records:
                    stream.write((",\n" if count else "") + json.dumps(record, ensure_ascii=False))
                    count += 1
                stream.write("]\n")
            counts[name] = count
        self.stdout.write(
            _("%(structures)s structure(s) et %(services)s service(s) exportés dans %(path)s, "
              "en %(seconds)s s.")
            % {
                "structures": counts["structures.json"],
                "services": counts["services.json"],
                "path": output,
                "seconds": f"{time.perf_counter() - started:.1f}".replace(".", ","),
            }
        )  # fmt: skip
