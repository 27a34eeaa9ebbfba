"""/espaces/…: the members' forms and the managers' list, included by hub/urls.py before
Wagtail's pages (whose spaces live under /espace-partenaires/)."""

from django.urls import path

from hub.collab import comments, views

app_name = "collab"

urlpatterns = [
    path("mes-contributions/", views.mine, name="mine"),
    path("contributions/<int:pk>/envoyee/", views.sent, name="sent"),
    path("<int:space_id>/proposer/", views.propose, name="propose"),
    path("<int:space_id>/pages/<int:page_id>/proposer/", views.propose, name="propose_on"),
    path("<int:space_id>/a-valider/", views.pending, name="pending"),
    path("<int:space_id>/a-valider/tout/", views.approve_all, name="approve_all"),
    path("<int:space_id>/moderation/", views.moderation, name="moderation"),
    path("<int:space_id>/contributions/<int:pk>/decision/", views.decide, name="decide"),
    path("<int:space_id>/contributions/<int:pk>/fichier/", views.pending_file, name="file"),
    path("<int:space_id>/documents/<int:document_id>/", comments.document, name="document"),
    path(
        "<int:space_id>/pages/<int:page_id>/commenter/",
        comments.comment_meeting,
        name="comment_meeting",
    ),
    path("commentaires/<int:pk>/modifier/", comments.edit_comment, name="edit_comment"),
    path("commentaires/<int:pk>/supprimer/", comments.delete_comment, name="delete_comment"),
    path("commentaires/<int:pk>/publier/", comments.approve_comment, name="approve_comment"),
]
