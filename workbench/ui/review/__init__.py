"""The review view: walk a school's B-indicators, score, see evidence and photos, totals."""

from workbench.ui.review.view import ReviewView

__all__ = ["ReviewView"]
