"""The lane application: ``workstation`` (no arguments) or ``workstation run [--config FILE]``.

Start-up: QApplication with Fusion, HiDPI pass-through scaling, the dark theme (or the
last one chosen), the language of the lane configuration; then the database (schema
brought up to date), the workers and the lane's devices; then first-administrator
creation when no user exists, login, and the main window for the user's role. Language
changes rebuild the window (the draft is on disk, so nothing is lost).

SIGTERM (a service manager, ``kill``, logging out of the desktop) and SIGINT (Ctrl+C in
the console) close the application as its last window would: the event loop ends, the
window writes its draft and the context stops the device hosts and every simulator it
started (:func:`quit_on_signals`). Should the process die without that (SIGKILL), the
x-ray simulator process ends on its own when its pipe from the workstation closes.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from ui import settings
from ui.context import AppContext
from ui.i18n import LanguageError, install_language
from ui.idle_lock import IdleWatcher, LockDialog
from ui.login import FirstAdminDialog, LoginDialog
from ui.main_thread_gc import collect_on_main_thread
from ui.theme import Theme, apply_theme
from ui.windows import window_for_role
from workstation import config as config_module
from workstation.db.engine import DatabaseError

log = logging.getLogger(__name__)
PURGE_INTERVAL_MS = 3_600_000  # one hour


def make_qapplication(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once per process), Fusion style, HiDPI pass-through."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scale factors (150 %) are kept exact instead of rounded: sharp text at HiDPI.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Inspection Workstation")
    app.setOrganizationName("inspection-workstation")
    collect_on_main_thread(app)  # Qt objects in cycles must not die on a device thread
    return app


class LaneApplication(QObject):
    """Owns the context and the current main window; swaps windows on logout / language."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        super().__init__()
        self.app = app
        self.ctx = ctx
        self.window: QMainWindow | None = None
        self.idle: IdleWatcher | None = None
        self.lock_dialog: LockDialog | None = None
        # Retention of personal data (plate reads, camera frames) is applied at start and
        # every hour on the writer thread, whoever is logged in: nobody has to remember it.
        self.purge_timer = QTimer(self)
        self.purge_timer.setInterval(PURGE_INTERVAL_MS)
        self.purge_timer.timeout.connect(self.purge_expired)
        apply_theme(app, settings.global_value("theme", Theme.DARK.value))
        try:
            install_language(app, settings.global_value("language", ctx.config.lane.language))
        except LanguageError as exc:
            log.error("%s; falling back to English", exc)
            install_language(app, "en")

    def purge_expired(self) -> None:
        self.ctx.writer.submit("retention purge", self.ctx.gateway.purge_expired,
                               on_done=lambda text: log.info("retention: %s", text),
                               on_failed=lambda why: log.error("retention purge failed: %s", why),
                               owner=self)

    def start_retention(self) -> None:
        self.purge_expired()
        self.purge_timer.start()

    def ensure_admin(self) -> bool:
        """First start: ask for the first administrator. False when the officer cancels."""
        if self.ctx.writer.run_now(self.ctx.gateway.user_count):
            return True
        dialog = FirstAdminDialog(self.ctx.writer, self.ctx.gateway)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        settings.set_global_value("last_user", dialog.username.text().strip())
        return True

    def login(self) -> bool:
        dialog = LoginDialog(self.ctx.writer, self.ctx.gateway, self.ctx.config.lane.lane_id,
                             username=settings.global_value("last_user", ""))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
            return False
        settings.set_global_value("last_user", dialog.user.username)
        self.open_window_for(dialog.user)
        return True

    def open_window_for(self, user: object) -> QMainWindow:
        """Main window for ``user``'s role, with their theme (tests call this directly)."""
        from workstation.lane.types import UserInfo

        assert isinstance(user, UserInfo)
        self.ctx.start_session(user)
        apply_theme(self.app, settings.user_value(user.username, "theme",
                                                  settings.global_value("theme", "dark")))
        window = window_for_role(self.ctx)
        if hasattr(window, "language_requested"):
            window.language_requested.connect(self.switch_language)
            window.logout_requested.connect(self.logout)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if user.role in ("officer", "supervisor", "analyst"):
            window.showMaximized()  # the scan and the dossier need the whole screen
        else:
            window.show()
        self.window = window
        if self.idle is not None:
            self.idle.stop()
        self.idle = IdleWatcher(self.app, self.ctx.config.lane.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        return window

    def lock(self) -> bool:
        """Idle: hide the lane behind the lock dialog. True when the same officer unlocked;
        otherwise they logged out (the session's control and draft are kept)."""
        window, user = self.window, self.ctx.user
        if window is None or user is None:
            return False
        log.info("lane locked after %s min without input", self.ctx.config.lane.idle_lock_minutes)
        window.hide()
        self.lock_dialog = LockDialog(self.ctx.writer, self.ctx.gateway,
                                      self.ctx.config.lane.lane_id, user.username)
        unlocked = (self.lock_dialog.exec() == QDialog.DialogCode.Accepted
                    and self.lock_dialog.user is not None
                    and self.lock_dialog.user.username == user.username)
        self.lock_dialog = None
        if unlocked:
            window.showMaximized()
            if self.idle is not None:
                self.idle.resume()
            return True
        self.logout()
        return False

    def switch_language(self, language: str) -> None:
        install_language(self.app, language)
        settings.set_global_value("language", language)
        if self.window is not None and self.ctx.user is not None:
            user = self.ctx.user
            self.window.close()  # writes the draft and the layout
            self.open_window_for(user)

    def logout(self) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        if self.window is not None:
            self.window.close()
            self.window = None
        self.ctx.end_session()
        if not self.login():
            self.app.quit()

    def shutdown(self) -> None:
        self.purge_timer.stop()
        if self.window is not None:
            self.window.close()
            self.window = None
        self.ctx.close()


QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def quit_on_signals(app: QCoreApplication,
                    signals: Sequence[signal.Signals] = QUIT_SIGNALS) -> Callable[[], None]:
    """Make ``signals`` end every running Qt event loop (the main one and a dialog's, such
    as the login's), so the caller's clean-up runs; returns the undo (previous handlers).

    Python runs a signal handler only when the interpreter next runs Python code, and
    while Qt waits for events it runs none: so the C-level handler also writes to a socket
    (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, whose slot (Python)
    lets the handler run at once. The handler calls ``QCoreApplication.exit``, which,
    unlike ``quit``, also ends a dialog's loop and makes a loop started later return at
    once (a signal during start-up).
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    def handle(signum: int, _frame: object) -> None:
        log.info("%s received: closing the lane application", signal.Signals(signum).name)
        QCoreApplication.exit(0)

    notifier.activated.connect(drain)
    previous = {sig: signal.signal(sig, handle) for sig in signals}

    def undo() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        reader.close()
        writer.close()

    return undo


def main(argv: Sequence[str] | None = None, config_path: str | None = None) -> int:
    """Run the application until its last window closes, or SIGTERM / SIGINT; returns the
    exit status."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = make_qapplication(argv)
    try:
        config = config_module.load(config_path)
    except config_module.ConfigError as exc:
        QMessageBox.critical(None, "Inspection Workstation", str(exc))
        print(f"workstation: {exc}", file=sys.stderr)
        return 2
    # Before the devices start: from here on a signal closes the lane cleanly.
    restore_signals = quit_on_signals(app)
    try:
        try:
            ctx = AppContext.create(config, warm_models=True)
        except DatabaseError as exc:
            # A post database at another schema revision, an unreachable server, a busy
            # file: said in a dialog and on stderr, and the lane does not start.
            QMessageBox.critical(None, "Inspection Workstation", str(exc))
            print(f"workstation: {exc}", file=sys.stderr)
            return 2
        lane_app = LaneApplication(app, ctx)
        try:
            devices = ctx.devices
            log.info("lane ready: %d device(s) started, %d simulator(s)",
                     len(devices.hosts) if devices else 0,
                     len(devices.simulators) if devices else 0)
            if not lane_app.ensure_admin() or not lane_app.login():
                return 0
            lane_app.start_retention()
            return int(app.exec())
        finally:
            lane_app.shutdown()
    finally:
        restore_signals()


if __name__ == "__main__":
    raise SystemExit(main())
