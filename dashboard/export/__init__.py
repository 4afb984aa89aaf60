"""Exports of a view: its figures and :class:`reports.Report` (``figures``) and the
download buttons that make PNG, PDF and HTML on click (``downloads``)."""
