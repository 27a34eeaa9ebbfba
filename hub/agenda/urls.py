"""/agenda/ and /compte/agenda/, included at the root by hub/urls.py. French, stable:
calendar apps keep the feeds' addresses."""

from django.urls import path

from hub.agenda import account, feeds, views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.agenda, name="list"),
    path("agenda/archives/", views.archive, name="archive"),
    path("agenda/evenement/<int:pk>/", views.event_page, name="event"),
    path("agenda/evenement/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("agenda/flux.ics", feeds.public_feed, name="feed"),
    # Before the territory feed: « personnel » is not a territory.
    path("agenda/flux/personnel.ics", feeds.personal_feed, name="personal_feed"),
    path("agenda/flux/<slug:territory>.ics", feeds.public_feed, name="territory_feed"),
    path("compte/agenda/", account.feed_settings, name="feed_settings"),
]
