"""Cameras: OpenCV capture driver (RTSP, HTTP MJPEG, video files, image folders, device
indices); apart in :mod:`devices.camera.sim`, the lane camera simulator (HTTP MJPEG on
loopback, rendered lane scenes with ground truth, fault injection). See
docs/protocols/camera-simulator.md."""
