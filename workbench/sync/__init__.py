"""Sync of signed results: to the bureau's hub when online, between panel members by
file or local network when not. Not built yet: it comes with its own issue; signed score
sheets (workbench.signing) are the unit it will move."""
