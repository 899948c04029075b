"""DICOS files written by another toolkit (shared/data/dicos): 2-D x-ray images are read,
JPEG Lossless ones included (pylibjpeg); other modalities are refused saying what they are."""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from devices.xray.scan_files import UnsupportedScanFile, read_scan_file
from workstation.inference.intake import ImageReadError, read_grey

# File -> what the refusal must say; files not listed are 2-D x-ray images to be read.
REFUSED = {
    "V02A_Data_AIT2DwithTDR_ait2d.dcs": "2-D AIT",
    "V02A_Data_AIT2DwithTDR_tdr.dcs": "Threat Detection Report",
    "V02A_Data_AIT3D_AIT3D_Left_hand_with_item.dcs": "3-D AIT",
    "V02A_Data_CT_CTUserAPI.dcs": "CT volume",
    "V02A_Data_V02A_NewDataTypes_AIT2D_AIT2D_float.dcs": "AIT",
    "V02A_Data_V02A_NewDataTypes_AIT2D_AIT2D_unsigned32.dcs": "AIT",
    "V02A_Data_V02A_NewDataTypes_AIT2D_AIT2D_unsigned64.dcs": "AIT",
    # Its 64-bit pixel element is written with a 2-byte length: 2 bytes where 160,000 belong.
    "V02A_Data_V02A_NewDataTypes_DX_DX_unsigned64.dcs": "holds 2 bytes, the header promises 160000",
    "V02_Data_AIT2D_ait2d.dcs": "2-D AIT",
    "V02_Data_AIT3D_AIT3D_Left_hand_with_item.dcs": "3-D AIT",
    "V02_Data_CT_CTUserAPI.dcs": "CT volume",
}


@pytest.mark.realdata
def test_every_third_party_dicos_file_is_read_or_refused_by_name(shared_data: Path) -> None:
    files = sorted((shared_data / "dicos").glob("*.dcs"))
    assert len(files) == 15
    read = []
    for path in files:
        if path.name in REFUSED:
            with pytest.raises(UnsupportedScanFile, match=REFUSED[path.name]):
                read_scan_file(path)
            with pytest.raises(ImageReadError, match=REFUSED[path.name]):
                read_grey(path)
            continue
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        image = read_scan_file(path)
        # (lines, pixels) = the displayed image transposed, as the scanner streams it.
        assert image.high.shape == (int(ds.Columns), int(ds.Rows)), path.name
        if "DX_01" not in path.name:  # that phantom is one uniform grey (400 everywhere)
            assert image.high.max() > image.high.min(), path.name
        assert read_grey(path).shape == (int(ds.Rows), int(ds.Columns)), path.name
        read.append((path.name, str(ds.file_meta.TransferSyntaxUID)))
    assert len(read) == 4
    jpeg_lossless = [name for name, syntax in read if syntax == "1.2.840.10008.1.2.4.70"]
    assert jpeg_lossless == ["V02_Data_DX_dx.dcs"]
