from __future__ import annotations

from pathlib import Path

import pytest

from workstation import config
from workstation.cli.main import main


def test_defaults_live_under_workstation_home(_isolated_home: Path) -> None:
    cfg = config.load()
    assert cfg.database.url == f"sqlite:///{_isolated_home / 'workstation.sqlite3'}"
    assert cfg.storage.image_store == _isolated_home / "images"


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text('[lane]\npost = "NL-ROT-01"\nlaneid = "L2"\n')
    with pytest.raises(config.ConfigError) as err:
        config.load(file)
    assert str(err.value) == f"{file}: lane.laneid: unknown key"


def test_wrong_type_names_key_and_expectation(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text("[retention]\nplate_reads_days = \"thirty\"\n")
    with pytest.raises(config.ConfigError) as err:
        config.load(file)
    message = str(err.value)
    assert message.startswith(f"{file}: retention.plate_reads_days:")
    assert "integer" in message and "'thirty'" in message


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text("[lane\n")
    with pytest.raises(config.ConfigError, match=str(file)):
        config.load(file)


def test_environment_variable_selects_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "lane.toml"
    file.write_text('[lane]\npost = "DE-HAM-02"\nlane_id = "L7"\n[storage]\nimage_store = "img"\n')
    monkeypatch.setenv("WORKSTATION_CONFIG", str(file))
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert 'post = "DE-HAM-02"' in out and 'lane_id = "L7"' in out
    assert f'image_store = "{tmp_path / "img"}"' in out


def test_bad_config_makes_every_command_exit_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "lane.toml"
    file.write_text("[database]\nurl = 5\n")
    assert main(["--config", str(file), "config", "show"]) == 2
    assert f"{file}: database.url:" in capsys.readouterr().err


def test_devices_section_validates(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text('[[devices]]\nname = "scanner"\nkind = "xray"\ndriver = "xray-tcp"\n'
                    'simulated = true\nspeed = 3\n')
    with pytest.raises(config.ConfigError, match=r"devices\.0\.speed: unknown key"):
        config.load(file)
