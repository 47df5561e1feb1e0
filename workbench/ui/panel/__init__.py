"""The panel view: members × items grid, agreement, consensus, signatures, the 结论表 preview."""
