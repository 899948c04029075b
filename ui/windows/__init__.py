"""Main windows per role. ``window_for_role`` picks one; supervisor and technician views are
placeholders until their issues are built, so the structure is in place for them."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from ui.context import AppContext


def window_for_role(ctx: AppContext) -> QMainWindow:
    from ui.windows.officer import OfficerWindow
    from ui.windows.placeholder import PlaceholderWindow

    assert ctx.user is not None
    role = ctx.user.role
    if role == "officer":  # the admin administers; they do not work controls
        return OfficerWindow(ctx)
    return PlaceholderWindow(ctx, role)
