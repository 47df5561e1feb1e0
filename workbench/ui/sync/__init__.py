"""The window's side of sync: status item, sync panel, conflicts, hub settings, the panel hub on the LAN.

The rounds and the LAN live in the core (workbench.sync); these modules only show them and run
them through workbench.ui.tasks, so the UI thread never waits on the network.
"""
