"""Node type declarations (Qt-free). One module per node family."""

import nodes.providers  # noqa: F401  (adds the built-in providers' loader to the registry)
