"""Settings come from the environment and refuse bad values with a message naming the variable."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding.env import env_bool, env_int, env_list, env_secret


def test_booleans_accept_true_and_false_words(monkeypatch):
    monkeypatch.setenv("HUB_FLAG", "Yes")
    assert env_bool("HUB_FLAG", False) is True
    monkeypatch.setenv("HUB_FLAG", "off")
    assert env_bool("HUB_FLAG", True) is False


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("HUB_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="HUB_FLAG='maybe' is not a boolean"):
        env_bool("HUB_FLAG", False)


def test_numbers_must_be_whole_and_in_range(monkeypatch):
    monkeypatch.setenv("HUB_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="HUB_N='ten' is not a whole number"):
        env_int("HUB_N", 1)
    monkeypatch.setenv("HUB_N", "0")
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env_int("HUB_N", 1, minimum=1)
    monkeypatch.setenv("HUB_N", "7")
    assert env_int("HUB_N", 1, minimum=1) == 7


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("HUB_HOSTS", "hub.example.org, 127.0.0.1 ,")
    assert env_list("HUB_HOSTS", []) == ["hub.example.org", "127.0.0.1"]


def test_the_secret_key_is_required_without_debug(monkeypatch, tmp_path):
    monkeypatch.delenv("HUB_SECRET", raising=False)
    monkeypatch.delenv("HUB_SECRET_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="HUB_SECRET must be set"):
        env_secret("HUB_SECRET", debug_default="dev", debug=False)
    assert env_secret("HUB_SECRET", debug_default="dev", debug=True) == "dev"
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("HUB_SECRET_FILE", str(secret_file))
    assert env_secret("HUB_SECRET", debug_default="dev", debug=False) == "from-a-file"


def _start_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "safeguarding.settings"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hub_refuses_to_start_with_a_bad_database_url():
    result = _start_with({"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/hub"})
    assert result.returncode != 0
    assert "DATABASE_URL must name SQLite or PostgreSQL" in result.stderr


def test_the_hub_refuses_to_start_without_a_secret_key_in_production():
    result = _start_with({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_hub_starts_with_good_settings(tmp_path):
    result = _start_with(
        {"DEBUG": "false", "SECRET_KEY": "x" * 50, "SAFEGUARDING_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
