"""The review view: walk a school's B-indicators, score, see evidence and photos, totals."""

from workbench.ui.qtfix import guard_none_refcount

guard_none_refcount()  # PySide6 6.12.0 on Python 3.11 leaks None refs; see workbench.ui.qtfix

from workbench.ui.review.view import ReviewView  # noqa: E402

__all__ = ["ReviewView"]
