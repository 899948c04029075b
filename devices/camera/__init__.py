"""Cameras: OpenCV capture driver (RTSP, HTTP MJPEG, video files, image folders, device
indices) and the lane camera simulator (HTTP MJPEG on loopback, rendered lane scenes with
ground truth, fault injection). See docs/protocols/camera-simulator.md."""
