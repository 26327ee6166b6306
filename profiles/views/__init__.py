"""Views of the e-portfolio, split by area; URLs import them from here."""

from __future__ import annotations

from profiles.views.directory import expertise_autocomplete, index
from profiles.views.discreet import visibility
from profiles.views.own import (
    edit,
    experience_add,
    experience_remove,
    preview,
    quadrant,
    selfscan,
    share_link_create,
    share_link_revoke,
    share_links,
)
from profiles.views.privacy import account_delete, data_export
from profiles.views.public import cv, detail, photo, shared, shared_cv, shared_photo

__all__ = [
    "account_delete",
    "cv",
    "data_export",
    "detail",
    "edit",
    "experience_add",
    "experience_remove",
    "expertise_autocomplete",
    "index",
    "photo",
    "preview",
    "quadrant",
    "selfscan",
    "share_link_create",
    "share_link_revoke",
    "share_links",
    "shared",
    "shared_cv",
    "shared_photo",
    "visibility",
]
