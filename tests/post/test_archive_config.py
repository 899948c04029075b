"""``[archive]`` in the lane file is checked like every section; ``post start`` refuses what
cannot be a post database, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helper import Cli
from workstation.config import ConfigError, load, to_toml


def _lane(tmp_path: Path, body: str) -> Path:
    file = tmp_path / "lane.toml"
    file.write_text(body, encoding="utf-8")
    return file


def test_archive_section_resolves_files_and_hides_the_password(tmp_path: Path) -> None:
    config = load(_lane(tmp_path, '[archive]\nurl = "https://archive.example:8042/"\n'
                        'username = "l1"\npassword_file = "secret"\n'))
    assert config.archive.url == "https://archive.example:8042"
    assert config.archive.password_file == tmp_path / "secret"
    shown = to_toml(load(_lane(tmp_path, '[archive]\nurl = "http://a:1"\nusername = "l1"\n'
                               'password = "hunter2"\n')))
    assert "hunter2" not in shown and "[archive]" in shown


@pytest.mark.parametrize(("body", "message"), [
    ('url = "ftp://archive"', "archive.url: Value error, must be an http:// or https:// URL"),
    ('url = "http://a"\npassword = "x"', "a password needs its username"),
    ('url = "http://a"\nusername = "u"\npassword = "x"\npassword_file = "f"',
     "give password or password_file, not both"),
    ('url = "http://a"\nretry_initial_s = 5\nretry_max_s = 1', "retry_max_s (1.0) is below"),
    ('url = "http://a"\nport = 8042', "archive.port: unknown key"),
])
def test_a_wrong_archive_section_names_the_file_and_key(tmp_path: Path, body: str,
                                                        message: str) -> None:
    file = _lane(tmp_path, f"[archive]\n{body}\n")
    with pytest.raises(ConfigError) as caught:
        load(file)
    assert str(file) in str(caught.value) and message in str(caught.value)


def test_post_start_refuses_a_database_that_is_not_postgresql(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = Cli(capsys, monkeypatch)("post", "start", "--lanes", "1", "--db",
                                               f"sqlite:///{tmp_path}/x.db")
    assert code == 2
    assert "share a PostgreSQL database" in err and "Traceback" not in err
