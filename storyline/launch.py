"""The `storyline` command's entry: Ctrl-C while its libraries load (seconds) ends as quietly as it does later."""

from __future__ import annotations

import sys

INTERRUPTED = 130  # the shell's status for a command ended by Ctrl-C


def main() -> None:
    try:
        from storyline.cli import main as run_command
    except KeyboardInterrupt:
        print("interrupted while starting: nothing was done", file=sys.stderr)
        raise SystemExit(INTERRUPTED) from None
    run_command()
