"""Partner families.

The Lyon convention (fiche action 2) has one referent per partner family feed the site.
Each family is a Django `Group` (so Wagtail's page restrictions can name it) with a
`PartnerFamily` record beside it carrying its public description and its referent.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class PartnerFamily(models.Model):
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_family", verbose_name=_("groupe")
    )
    slug = models.SlugField(_("identifiant"), unique=True, max_length=60)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"))
    examples = models.TextField(
        _("exemples de membres"), blank=True, help_text=_("Organisations typiques de la famille.")
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of_families",
        verbose_name=_("référent"),
        help_text=_("La personne qui gère les comptes et les contenus de la famille."),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("famille de partenaires")
        verbose_name_plural = _("familles de partenaires")

    def __str__(self):
        return self.name


class AccountProfile(models.Model):
    """What the hub knows of a partner account besides Django's user: where the person
    works, in what role, and until when their accreditation runs (reviewed yearly)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="maillage_profile",
        verbose_name=_("compte"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    job_role = models.CharField(_("fonction"), max_length=200)
    expires_on = models.DateField(
        _("accréditation valable jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Vide : pas d'échéance (administrateurs)."),
    )
    last_reviewed_on = models.DateField(_("dernière revue"), null=True, blank=True)
    expiry_notice_for = models.DateField(
        _("rappel d'échéance envoyé pour"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "L'échéance pour laquelle le référent a déjà été prévenu (revue des "
            "accréditations) : un seul rappel par échéance."
        ),
    )

    class Meta:
        verbose_name = _("profil partenaire")
        verbose_name_plural = _("profils partenaires")

    def __str__(self):
        return f"{self.user.get_username()} ({self.organisation})"

    def is_expired(self, today=None):
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today

    def expires_soon(self, days=30, today=None):
        """Still valid, but for `days` days at most."""
        from datetime import timedelta

        from django.utils import timezone

        today = today or timezone.localdate()
        return self.expires_on is not None and today <= self.expires_on <= today + timedelta(
            days=days
        )


class AccreditationRequest(models.Model):
    """A professional's request for a partner account, decided by their family's referent.

    It holds the person's professional identity only. The form says not to write anything
    about a tenant or a patient."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPROVED = "approved", _("acceptée")
        REFUSED = "refused", _("refusée")

    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique professionnelle"))
    organisation = models.CharField(_("organisation"), max_length=200)
    job_role = models.CharField(_("fonction"), max_length=200)
    family = models.ForeignKey(
        PartnerFamily,
        on_delete=models.PROTECT,
        related_name="accreditation_requests",
        verbose_name=_("famille de partenaires"),
    )
    motivation = models.TextField(_("motif de la demande"), blank=True, max_length=1000)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    reason = models.TextField(_("motif de la décision"), blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accreditation_requests",
        verbose_name=_("compte créé"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande d'accréditation")
        verbose_name_plural = _("demandes d'accréditation")
        constraints = [
            # One pending request per address, even when two arrive at the same time.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="accounts_one_pending_request_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.organisation})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class AccreditationEvent(models.Model):
    """The audit trail of accreditation decisions: who did what, to whom, when, why."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("demande reçue")
        APPROVED = "approved", _("demande acceptée")
        REFUSED = "refused", _("demande refusée")
        RENEWED = "renewed", _("accréditation renouvelée")
        EXPIRED = "expired", _("accréditation échue")
        REVOKED = "revoked", _("accès retiré")
        HANDOVER = "handover", _("rôle de référent transmis")
        EXPORTED = "exported", _("espace exporté")
        # Coordination instances (issue 17): their coordinator and their members.
        COORDINATOR_SET = "coordinator_set", _("coordinateur d'instance désigné")
        COORDINATOR_HANDOVER = "coord_handover", _("rôle de coordinateur transmis")
        INSTANCE_ADDED = "instance_added", _("membre ajouté à l'instance")
        INSTANCE_REMOVED = "instance_removed", _("membre retiré de l'instance")
        INSTANCE_EXPIRY = "instance_expiry", _("échéance d'appartenance modifiée")
        INSTANCE_EXPIRED = "instance_expired", _("appartenance à l'instance échue")
        # Working groups with their own audience.
        GROUP_RESTRICTED = "group_restricted", _("groupe de travail réservé à ses membres")
        GROUP_OPENED = "group_opened", _("groupe de travail ouvert à tout l'espace")
        GROUP_ADDED = "group_added", _("membre ajouté au groupe de travail")
        GROUP_REMOVED = "group_removed", _("membre retiré du groupe de travail")

    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte concerné"),
    )
    family = models.ForeignKey(
        PartnerFamily,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille"),
    )
    instance = models.ForeignKey(
        "directory.CoordinationInstance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instance de coordination"),
    )
    request = models.ForeignKey(
        AccreditationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("demande"),
    )
    detail = models.TextField(_("détail"), blank=True)
    expires_on = models.DateField(
        _("échéance concernée"),
        null=True,
        blank=True,
        help_text=_("Pour les accréditations accordées, renouvelées ou échues."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("événement d'accréditation")
        verbose_name_plural = _("journal des accréditations")
        constraints = [
            # An expiry is recorded once per account and expiry date, however often the
            # review runs.
            models.UniqueConstraint(
                fields=["subject", "expires_on"],
                condition=models.Q(action="expired"),
                name="accounts_expired_once_per_account_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d/%m/%Y})"


class InstanceCoordination(models.Model):
    """The coordinator of a coordination instance (issue 17), beside the directory's
    instance (floor 2) so that the hub keeps its layers: the hub names the instance by a
    string foreign key, the directory never knows of this record.

    The coordinator manages the instance's members (`hub.accounts.coordination`) and edits
    its space in the Wagtail admin through the per-instance `editors` group, which the
    services keep in step with the role. The role is given by an administrator (snippet
    « Coordinateurs d'instance ») or handed over by the current coordinator."""

    instance = models.OneToOneField(
        "directory.CoordinationInstance",
        on_delete=models.CASCADE,
        related_name="hub_coordination",
        verbose_name=_("instance de coordination"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_instances",
        verbose_name=_("coordinateur ou coordinatrice"),
        help_text=_(
            "Un compte actif et accrédité. Il gère les membres de l'instance et les contenus "
            "de son espace."
        ),
    )
    since = models.DateField(_("depuis le"), null=True, blank=True, editable=False)
    editors = models.OneToOneField(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="edited_instance",
        verbose_name=_("groupe des éditeurs de l'espace"),
    )

    class Meta:
        verbose_name = _("coordination d'instance")
        verbose_name_plural = _("coordinateurs d'instance")

    def __str__(self):
        return str(self.instance)

    def clean(self):
        from django.core.exceptions import ValidationError

        from hub.accounts.coordination import validate_coordinator

        reason = validate_coordinator(self.coordinator)
        if reason:
            raise ValidationError({"coordinator": reason})


class InstanceMembership(models.Model):
    """A member of a coordination instance, beside the Django group that opens its space:
    who added them, and until when. The group is the access; this record's `expires_on`
    stops it at the next request (`hub.access` does not count the group once it has
    passed), and the accreditation review removes the group and journals it."""

    instance = models.ForeignKey(
        "directory.CoordinationInstance",
        on_delete=models.CASCADE,
        related_name="hub_memberships",
        verbose_name=_("instance de coordination"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="instance_memberships",
        verbose_name=_("compte"),
    )
    added_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ajouté par"),
    )
    expires_on = models.DateField(
        _("membre jusqu'au"), null=True, blank=True, help_text=_("Vide : sans échéance.")
    )

    class Meta:
        verbose_name = _("appartenance à une instance")
        verbose_name_plural = _("appartenances aux instances")
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "user"], name="accounts_one_membership_per_instance"
            )
        ]

    def __str__(self):
        return f"{self.user.get_username()} — {self.instance}"

    def is_expired(self, today=None):
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today
