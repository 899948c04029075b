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


def test_device_settings_are_checked_by_the_drivers_strict_models(tmp_path: Path) -> None:
    """Unknown keys in a device's tables name the file, the device and the key; a
    simulator key in the driver's table is one of them."""
    file = tmp_path / "lane.toml"
    file.write_text('[[devices]]\nname = "scanner"\nkind = "xray"\ndriver = "xray-tcp"\n'
                    'simulated = true\n[devices.settings]\nseed = 7\ncolour = "red"\n'
                    '[devices.simulator]\nscene = "parcel"\n')
    with pytest.raises(config.ConfigError) as err:
        config.load(file)
    lines = sorted(str(err.value).splitlines())
    assert len(lines) == 2
    assert lines[0].startswith(f"{file}: devices.0 ('scanner'): settings.colour: unknown key "
                               "for driver xray-tcp (known: ")
    assert lines[1].startswith(f"{file}: devices.0 ('scanner'): settings.seed: unknown key")


def test_simulator_table_is_checked_by_the_simulators_model(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text('[[devices]]\nname = "scanner"\nkind = "xray"\ndriver = "xray-tcp"\n'
                    'simulated = true\n[devices.simulator]\nscene = "truck"\nport = 5\n')
    with pytest.raises(config.ConfigError) as err:
        config.load(file)
    message = str(err.value)
    assert f"{file}: devices.0 ('scanner'): simulator.scene: unknown scene kind 'truck'" in message
    assert f"{file}: devices.0 ('scanner'): simulator.port: unknown key for the xray-tcp simulator" in message


def test_device_tables_and_drivers_without_simulator(tmp_path: Path) -> None:
    file = tmp_path / "lane.toml"
    file.write_text('[[devices]]\nname = "scanner"\nkind = "xray"\ndriver = "xray-tcp"\n'
                    'simulated = true\n[devices.settings]\nintegration_us = 1000\n'
                    '[devices.simulator]\nseed = 7\nscene = "cargo-mixed"\n'
                    '[[devices]]\nname = "riid"\nkind = "riid"\ndriver = "riid-serial"\n'
                    '[devices.settings]\nurl = "/dev/ttyUSB0"\n'
                    '[devices.alarm_rules]\ndose_rate_usv_h = 0.3\n'
                    '[devices.check_source]\nnuclide = "Cs-137"\nexpected = 2.5\n')
    cfg = config.load(file)
    scanner, riid = cfg.devices
    assert scanner.settings == {"integration_us": 1000}
    assert scanner.simulator == {"seed": 7, "scene": "cargo-mixed"}
    assert riid.alarm_rules == {"dose_rate_usv_h": 0.3} and riid.check_source["expected"] == 2.5
    shown = config.to_toml(cfg)
    assert "[devices.simulator]\nseed = 7\nscene = \"cargo-mixed\"" in shown
    assert "[devices.alarm_rules]\ndose_rate_usv_h = 0.3" in shown
    again = tmp_path / "again.toml"
    again.write_text(shown)
    assert config.load(again).devices == cfg.devices  # what config show prints reads back

    file.write_text('[[devices]]\nname = "imports"\nkind = "xray"\ndriver = "xray-folder"\n'
                    'simulated = true\n[devices.settings]\nfolder = "/srv/export"\n')
    with pytest.raises(config.ConfigError, match=r"devices\.0: device 'imports': driver "
                                                 r"'xray-folder' has no simulator"):
        config.load(file)
    file.write_text('[[devices]]\nname = "cam"\nkind = "camera"\ndriver = "camera-usb"\n')
    with pytest.raises(config.ConfigError, match=r"devices\.0: device 'cam': unknown driver "
                                                 r"'camera-usb' \(known drivers: .*camera-opencv"):
        config.load(file)
