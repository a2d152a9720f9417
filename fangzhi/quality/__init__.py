"""The quality checker's Django shell (精品意识): check runs and marks of every manuscript
version, dismissals that are remembered across versions, the office's lists that feed the
checker, pages, API, the ``quality_check`` job and ``fangzhi check FILE``. The checker
itself is pure Python in ``fangzhi/text/checker``."""
