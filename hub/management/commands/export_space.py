"""`manage.py export_space <espace> --as <identifiant> --output <fichier.zip>`.

Writes the "project memory" of one partner space as the given account sees it (see
hub/archive/): only the pages and documents that account may see. The space is given by
its page id or its address (/espace-partenaires/commun/, or the bare slug). The archive is
written to a temporary file in the destination folder, then renamed: never a half ZIP. The
file is created readable by its owner only (it may hold restricted content).
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from hub.access import can_view_page, is_accredited
from hub.archive import SpaceNotVisible, export_space
from hub.models import PartnerSpacePage


class Command(BaseCommand):
    help = (
        "Exporte un espace partenaires en archive ZIP (pages HTML, data.json, documents), "
        "tel que le voit le compte indiqué."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "space",
            help="Identifiant de la page de l'espace, ou son adresse "
            "(/espace-partenaires/commun/).",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="IDENTIFIANT",
            required=True,
            help="Identifiant du compte dont l'export reprend les droits (obligatoire).",
        )
        parser.add_argument(
            "--output", metavar="FICHIER.zip", required=True, help="Chemin du fichier ZIP à écrire."
        )

    def handle(self, *args, **options):
        space = find_space(options["space"])
        user = find_user(options["as_user"])
        output = Path(options["output"]).expanduser()
        folder = output.parent.resolve()
        if not folder.is_dir():
            raise CommandError(
                f"Le dossier « {output.parent} » n'existe pas : créez-le d'abord. "
                "Aucune archive n'est écrite."
            )
        if output.is_dir():
            raise CommandError(f"« {output} » est un dossier : indiquez un nom de fichier.")
        if not space.live or not can_view_page(user, space):
            raise CommandError(
                f"Le compte « {user.get_username()} » n'a pas accès à l'espace "
                f"« {space.title} » : aucune archive n'est écrite."
            )
        summary = write_archive(space, user, folder / output.name)
        self.stdout.write(
            f"Archive écrite : {output} — {summary} "
            f"(espace « {space.title} », vu par {user.get_username()})."
        )


def find_space(value):
    """A partner space by page id, address (with or without the site's root) or slug."""
    value = (value or "").strip()
    spaces = PartnerSpacePage.objects.all()
    space = None
    if value.isdigit():
        space = spaces.filter(pk=int(value)).first()
        if space is None and Page.objects.filter(pk=int(value)).exists():
            raise CommandError(
                f"La page n° {value} n'est pas un espace partenaires : indiquez la page de "
                "l'espace lui-même."
            )
    elif value:
        path = urlsplit(value).path if "://" in value else value
        path = "/" + "/".join(part for part in path.split("/") if part) + "/"
        candidates = [path]
        for site in Site.objects.select_related("root_page").order_by("-is_default_site", "pk"):
            candidates.append(site.root_page.url_path.rstrip("/") + path)
        for candidate in candidates:
            space = spaces.filter(url_path=candidate).first()
            if space is not None:
                break
        if space is None and path.count("/") == 2:
            matches = list(spaces.filter(slug=path.strip("/"))[:2])
            space = matches[0] if len(matches) == 1 else None
    if space is None:
        raise CommandError(
            f"Espace introuvable : « {value} ». Indiquez l'identifiant de la page de l'espace "
            "ou son adresse, par exemple /espace-partenaires/commun/."
        )
    return space


def find_user(username):
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        raise CommandError(f"Compte introuvable : « {username} ». Aucune archive n'est écrite.")
    if not is_accredited(user):
        raise CommandError(
            f"Le compte « {username} » est désactivé ou son accréditation a expiré : "
            "il ne voit plus les espaces partenaires. Aucune archive n'est écrite."
        )
    return user


def write_archive(space, user, output):
    """Export into a temporary file beside `output`, then rename it: all or nothing. The
    journal entry is recorded in the same transaction, so a failed export leaves none."""
    handle = tempfile.NamedTemporaryFile(
        dir=output.parent, prefix=f".{output.name}.", suffix=".part", delete=False
    )
    temporary = Path(handle.name)
    try:
        with transaction.atomic():
            with handle:
                try:
                    summary = export_space(space, user, handle)
                except SpaceNotVisible as error:
                    raise CommandError(str(error)) from None
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return summary
