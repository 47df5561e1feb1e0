"""A file name that is not valid text (undecodable bytes on disk) never reaches a package."""

from __future__ import annotations

from workbench.evidence.paths import path_problem


def test_a_name_with_undecodable_bytes_is_refused_by_name() -> None:
    # os.listdir gives b"\xff" back as the lone surrogate "\udcff" (surrogateescape)
    assert path_problem("B1/report\udcff.pdf") == "name is not valid text (not UTF-8)"


def test_chinese_names_stay_accepted() -> None:
    assert path_problem("B1/网络安全制度.pdf") is None
