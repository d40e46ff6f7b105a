"""Old names for the consent registry, kept only while the demo seed
(`portal.demo.seed`) imports them. New code uses
`portal.services.consent.registry`: `FAMILY_SEES_PORTAL.code` and
`sync_consent_items`."""

from __future__ import annotations

from portal.services.consent.registry import FAMILY_SEES_PORTAL as _FAMILY_SEES_PORTAL
from portal.services.consent.registry import sync_consent_items

FAMILY_SEES_PORTAL = _FAMILY_SEES_PORTAL.code
ensure_standard_consent_items = sync_consent_items
