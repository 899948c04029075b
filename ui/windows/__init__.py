"""Main windows per role. ``window_for_role`` picks one: the officer's lane, the supervisor's
review, the technician's devices and checks, the analyst's remote image analysis, the
administrator's users and roles."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from ui.context import AppContext


def window_for_role(ctx: AppContext) -> QMainWindow:
    from ui.windows.office import AdminWindow
    from ui.windows.officer import OfficerWindow
    from ui.windows.supervisor import SupervisorWindow

    assert ctx.user is not None
    role = ctx.user.role
    if role == "officer":  # the admin administers; they do not work controls
        return OfficerWindow(ctx)
    if role == "supervisor" and ctx.review is not None:
        return SupervisorWindow(ctx)
    if role == "analyst" and ctx.analyst is not None:
        from ui.windows.analyst import AnalystWindow

        return AnalystWindow(ctx)
    if role == "technician" and ctx.technician is not None:
        from ui.windows.technician import TechnicianWindow

        return TechnicianWindow(ctx)
    return AdminWindow(ctx)
