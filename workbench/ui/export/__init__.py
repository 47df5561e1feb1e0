"""Saving and exporting from the window: the signed sheet file, Excel, and the confirmation."""
