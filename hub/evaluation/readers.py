"""The evaluation's providers receive an audience (`hub.access.Audience`, hub/hooks.py),
while the access policy's filters take a user: `reader_for` gives them a stand-in that
carries exactly that audience, so the same filters (`visible_objects`, `visible_pages`)
count what the audience may see, and nothing of the person behind it is read."""

from __future__ import annotations

from hub.access import ANONYMOUS, Audience


class AudienceReader:
    """Not a user: `hub.access.audience_for(reader)` returns `audience` unchanged."""

    def __init__(self, audience: Audience):
        self.is_authenticated = audience.authenticated
        self.is_active = audience.authenticated
        self._maillage_audience = audience


def reader_for(audience: Audience | None) -> AudienceReader:
    return AudienceReader(audience or ANONYMOUS)
