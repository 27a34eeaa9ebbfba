"""Page models of the hub. One module per concept; see hub/models/base.py for the shared base."""

from hub.models.base import HubBasePage
from hub.models.charter import (
    CharterAction,
    CharterGovernanceBody,
    CharterObjective,
    CharterPage,
    CharterPrinciple,
    CharterSignatory,
    FicheAction,
)
from hub.models.home import HomePage
from hub.models.projects import ProjectCofinancing, ProjectIndexPage, ProjectSheetPage
from hub.models.spaces import (
    DocumentLibraryPage,
    MeetingPage,
    PartnerSpaceIndexPage,
    PartnerSpacePage,
    WorkingGroupPage,
)
from hub.models.standard import StandardPage
from hub.models.territories import TerritoryIndexPage, TerritoryPage, TerritoryPartner

__all__ = [
    "CharterAction",
    "CharterGovernanceBody",
    "CharterObjective",
    "CharterPage",
    "CharterPrinciple",
    "CharterSignatory",
    "DocumentLibraryPage",
    "MeetingPage",
    "PartnerSpaceIndexPage",
    "PartnerSpacePage",
    "WorkingGroupPage",
    "FicheAction",
    "HomePage",
    "HubBasePage",
    "ProjectCofinancing",
    "ProjectIndexPage",
    "ProjectSheetPage",
    "StandardPage",
    "TerritoryIndexPage",
    "TerritoryPage",
    "TerritoryPartner",
]
