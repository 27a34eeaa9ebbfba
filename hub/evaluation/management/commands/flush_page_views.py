"""`manage.py flush_page_views`: the cache's page-view counters into the database
(hub/evaluation/pageviews.py). Scheduled every five minutes (docs/operations.md)."""

from django.core.management.base import BaseCommand

from hub.evaluation.pageviews import flush


class Command(BaseCommand):
    help = "Reporte les compteurs de pages vues du cache dans la base (toutes les 5 minutes)."

    def handle(self, *args, **options):
        moved = flush()
        self.stdout.write(f"{moved} page(s) vue(s) reportée(s) dans la base.")
