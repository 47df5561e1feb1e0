"""Help: the offline user guide, the keyboard shortcuts the window really has, a first-run tip."""
