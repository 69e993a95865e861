"""The command line's log: one line a warning for a command, a full log for the long-running services."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from web.cli import _OneLine, _set_up_logging


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _failing_record() -> logging.LogRecord:
    try:
        raise RuntimeError("the view could not follow\nthe events")
    except RuntimeError:
        import sys

        return logging.LogRecord("tracker.readside", logging.ERROR, __file__, 1, "view lags", None, sys.exc_info())


@pytest.mark.parametrize("args", [["actions", "list"], ["chase", "--today", "2026-12-07"], ["projections", "rebuild"]])
def test_a_command_prints_a_warning_as_one_line_without_a_traceback(args: list[str]) -> None:
    _set_up_logging(args)
    [handler] = logging.getLogger().handlers
    assert isinstance(handler.formatter, _OneLine) and logging.getLogger().level == logging.WARNING
    assert handler.format(_failing_record()) == "Warning: view lags: the view could not follow the events"


@pytest.mark.parametrize("args", [["serve", "--port", "5000"], ["scheduler"], ["projections", "run"]])
def test_a_service_keeps_a_log_with_times_information_and_tracebacks(args: list[str]) -> None:
    _set_up_logging(args)
    [handler] = logging.getLogger().handlers
    assert not isinstance(handler.formatter, _OneLine) and logging.getLogger().level == logging.INFO
    text = handler.format(_failing_record())
    assert "Traceback (most recent call last)" in text and "tracker.readside ERROR view lags" in text
