"""Start the ShotGraph desktop editor: ``python main.py [PROJECT]``."""

import sys

if __name__ == "__main__":
    # Imported here, not above: the editor's run process (spawned, see app/ui/runner.py)
    # re-imports this file, and needs none of the editor.
    from app.ui.window import run_app

    sys.exit(run_app(sys.argv, project=sys.argv[1] if len(sys.argv) > 1 else None))
