"""PNG of a pass's gross-count time profile, drawn with Pillow (matplotlib is not a
dependency and would be a large one for one line plot).

One line per detector (gross counts per time slice), occupied slices shaded, the alarm in
words above the plot. Axes: seconds from the first slice; counts per slice.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from standards.spectra.profile import DETECTOR_COLOURS, TimeProfile, nice_ticks

WIDTH, HEIGHT = 1200, 600
LEFT, RIGHT, TOP, BOTTOM = 90, 150, 84, 60


def render_profile_png(profile: TimeProfile, out: Path, title: str) -> None:
    """Write the plot of ``profile`` to ``out`` (PNG, 1200x600 px)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    small = ImageFont.load_default(size=12)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP
    t_end = max(profile.times_s[-1] + (profile.real_times_s[-1] or 0.0), 1e-9) if profile.slices else 1.0
    peak = max((c for d in profile.detectors for c in profile.counts[d] if c is not None), default=0.0)
    y_top = max(peak * 1.1, 1.0)

    def px(t: float, c: float) -> tuple[float, float]:
        return x0 + (x1 - x0) * t / t_end, y0 - (y0 - y1) * c / y_top

    for i, occupied in enumerate(profile.occupied):
        if occupied:
            left = px(profile.times_s[i], 0)[0]
            right = px(profile.times_s[i] + (profile.real_times_s[i] or 0.0), 0)[0]
            draw.rectangle([left, y1, right, y0], fill="#EEEEEE")
    draw.rectangle([x0, y1, x1, y0], outline="black")
    for value in nice_ticks(y_top):
        y = px(0, value)[1]
        draw.line([x0 - 5, y, x0, y], fill="black")
        draw.text((x0 - 8, y), f"{value:g}", fill="black", font=small, anchor="rm")
    for value in nice_ticks(t_end):
        x = px(value, 0)[0]
        draw.line([x, y0, x, y0 + 5], fill="black")
        draw.text((x, y0 + 8), f"{value:g}", fill="black", font=small, anchor="mt")
    draw.text(((x0 + x1) / 2, HEIGHT - 18), "time from the first slice (s)", fill="black", font=font, anchor="mm")
    draw.text((x0, y1 - 6), "counts per slice", fill="black", font=font, anchor="lb")
    draw.text((x0, 12), title, fill="black", font=font)
    alarm = "; ".join(f"{a.category} {a.description}".strip() for a in profile.alarms) or "no alarm in the file"
    draw.text((x0, 34), f"Alarm: {alarm}", fill="#B00000" if profile.alarms else "black", font=font)
    for k, detector in enumerate(profile.detectors):
        colour = DETECTOR_COLOURS[k % len(DETECTOR_COLOURS)]
        # Each value is plotted at the middle of its slice; a slice without data breaks the line.
        segment: list[tuple[float, float]] = []
        for i, count in enumerate(profile.counts[detector]):
            if count is None:
                if len(segment) > 1:
                    draw.line(segment, fill=colour, width=2)
                segment = []
                continue
            segment.append(px(profile.times_s[i] + (profile.real_times_s[i] or 0.0) / 2, count))
        if len(segment) > 1:
            draw.line(segment, fill=colour, width=2)
        elif segment:
            x, y = segment[0]
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        legend_y = y1 + 18 * k
        draw.line([x1 + 12, legend_y + 7, x1 + 36, legend_y + 7], fill=colour, width=3)
        label = detector or "(unnamed)"
        if profile.categories.get(detector) == "Neutron":
            label += " (n)"
        draw.text((x1 + 42, legend_y), label, fill="black", font=small)
    image.save(out, format="PNG")
