"""``python -m assessor`` and the ``assessor`` entry point.

Sits above both shells: it hands the command line to :mod:`assessor.cli`
and, when no command is given, opens the window of :mod:`assessor.gui`.
"""

from __future__ import annotations

import sys


def _open_window(db: str | None) -> int:
    from assessor.gui.app import run  # Qt is imported only when a window is wanted

    return run(db)


def _window_only(argv: list[str]) -> tuple[bool, str | None]:
    """``(True, db)`` when ``argv`` asks for the window and nothing else
    (no arguments, or only ``--db PATH``): then the command line's parser
    and the services it imports are skipped, so the window is on screen
    sooner (``docs/performance.md``).  ``(False, None)`` otherwise."""
    if not argv:
        return True, None
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    return False, None


def main() -> int:
    """Entry point: parse ``sys.argv`` and run."""
    if getattr(sys, "frozen", False):
        # In the PyInstaller bundle a child process of a batch export
        # (multiprocessing's spawn) starts this same program: this runs the
        # child's work and exits before anything else is imported.  Outside
        # a bundle it does nothing, so it is skipped (no import at start).
        import multiprocessing

        multiprocessing.freeze_support()
    window, db = _window_only(sys.argv[1:])
    if window:
        from assessor.cli.guard import unexpected

        try:
            return _open_window(db)
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - as the command line's own guard
            return unexpected(exc)
    from assessor.cli.main import main as cli_main

    return cli_main(sys.argv[1:], open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
