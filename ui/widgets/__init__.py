"""Widgets of the lane application, one job per module."""
