"""Node type declarations (Qt-free). One module per node family."""
