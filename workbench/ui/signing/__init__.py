"""Signing in the window: signature pad, identity dialog, print preview (see workbench.signing)."""
