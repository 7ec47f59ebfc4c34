"""The same two modules, fixed: each imports the other *module* and looks names up when called."""
