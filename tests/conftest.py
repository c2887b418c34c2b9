import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's user data (e.g. the self-signed C2PA certificate) and config stay out of $HOME.
os.environ.setdefault("SHOTGRAPH_DATA_DIR", tempfile.mkdtemp(prefix="shotgraph-test-data-"))
os.environ.setdefault("SHOTGRAPH_CONFIG_DIR", tempfile.mkdtemp(prefix="shotgraph-test-config-"))

# The exported short episode and its attack set, shared by tests/delivery and tests/ui.
pytest_plugins = ["tests.delivery.fixtures"]
