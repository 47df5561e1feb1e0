"""The panel merge: the chair collects member sheets, merges them, and everyone signs.

`document` builds and signs the panel result (`workbench-panel/1`, docs/panel-result.md),
`verify` checks one, `collect` is the chair's workspace of member sheets, `status` says
who has signed and what is missing. The merge arithmetic is `workbench.scoring.merge`.
"""
