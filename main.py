"""Start the ShotGraph desktop editor: ``python main.py [PROJECT]``."""

import sys

from app.ui.window import run_app

if __name__ == "__main__":
    sys.exit(run_app(sys.argv, project=sys.argv[1] if len(sys.argv) > 1 else None))
