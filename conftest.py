"""Root conftest: the plugin itself is registered through the pytest11 entry point (pytest_mlebench.plugin).

pytester drives real pytest sessions in tests/plugin; pytest only accepts `pytest_plugins` here, at the root.
"""

pytest_plugins = ["pytester"]
