"""The settings read from the environment: Secure cookies outside development, the rate limit's store."""

from __future__ import annotations

import pytest

from config.settings import Settings


@pytest.mark.parametrize("environment", ["production", "staging", "test", "", "Production"])
def test_anything_but_development_counts_as_production(environment: str) -> None:
    assert Settings(environment=environment).is_production


@pytest.mark.parametrize("environment", ["development", " Development "])
def test_development_is_the_one_place_cookies_may_go_without_https(environment: str) -> None:
    assert not Settings(environment=environment).is_production


def test_the_rate_limit_counts_in_memory_unless_told_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert Settings().ratelimit_storage_uri == "memory://"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    assert Settings().ratelimit_storage_uri == "redis://127.0.0.1:6379"


def test_the_bank_holiday_region_must_be_one_of_the_uks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANK_HOLIDAY_REGION", " sct ")
    assert Settings().bank_holiday_region == "SCT"
    monkeypatch.setenv("BANK_HOLIDAY_REGION", "MARS")
    with pytest.raises(ValueError, match="BANK_HOLIDAY_REGION must be one of ENG, WLS, SCT, NIR .* not 'MARS'"):
        Settings()
