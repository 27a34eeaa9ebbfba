"""/recherche/: the site search, and its suggestions for the search box."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.site_search, name="search"),
    path("suggestions/", views.suggestions, name="suggestions"),
]
