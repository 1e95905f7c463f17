"""Abstract stand-ins for news photos, drawn with Pillow and imported as NewsImage.

Pictures are deterministic for a given seed and never contain text, so nothing in them
needs translating or could be mistaken for a real photograph.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from wagtail.models import Collection

from akhbar.core.demo.banks import IMAGE_CREDIT, MOTIFS, PORTRAIT_ALT
from akhbar.core.models import NewsImage

LEAD_SIZE = (1200, 675)
PORTRAIT_SIZE = (400, 400)
LEAD_MOTIFS = ("skyline", "field", "chart", "arches", "bokeh", "hills", "waves")
COLLECTION_NAME = "صور الموقع التجريبي"

RGB = tuple[int, int, int]


def _hsv(hue: float, saturation: float, value: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return round(r * 255), round(g * 255), round(b * 255)


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB, mid: RGB | None = None):
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    if mid is None:
        return ImageOps.colorize(ramp, black=top, white=bottom)
    return ImageOps.colorize(ramp, black=top, white=bottom, mid=mid)


def _glow(canvas: Image.Image, center: tuple[int, int], radius: int, color: RGB, alpha: int):
    # Blur a small tile around the spot only; blurring the whole canvas is ten times slower.
    side = radius * 4
    layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse((radius, radius, 3 * radius, 3 * radius), fill=(*color, alpha))
    layer = layer.filter(ImageFilter.GaussianBlur(radius / 2))
    x, y = center
    box = (x - 2 * radius, y - 2 * radius)
    canvas.alpha_composite(
        layer, dest=(max(box[0], 0), max(box[1], 0)), source=(max(-box[0], 0), max(-box[1], 0))
    )


def _sky(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    hue = rnd.choice((0.58, 0.62, 0.66, 0.72, 0.55))
    top = _hsv(hue, 0.65, rnd.uniform(0.25, 0.45))
    mid = _hsv(hue + rnd.uniform(0.2, 0.35), 0.45, 0.8)
    bottom = _hsv(rnd.uniform(0.05, 0.11), 0.6, 0.98)
    return _vertical_gradient(size, top, bottom, mid).convert("RGBA")


def _skyline(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    canvas = _sky(rnd, size)
    _glow(canvas, (rnd.randint(200, width - 200), int(height * 0.62)), 90, (255, 214, 150), 200)
    for layer in range(3):
        shade = 90 - layer * 35
        base = int(height * (0.62 + layer * 0.1))
        draw = ImageDraw.Draw(canvas)
        x = -rnd.randint(0, 40)
        while x < width:
            w = rnd.randint(40, 110)
            h = rnd.randint(60, 260 - layer * 50)
            color = (shade // 2, shade // 2 + 5, shade + 20, 255)
            draw.rectangle((x, base - h, x + w, height), fill=color)
            if layer == 2:
                for wy in range(base - h + 12, base - 10, 22):
                    for wx in range(x + 8, x + w - 10, 18):
                        if rnd.random() < 0.22:
                            draw.rectangle((wx, wy, wx + 6, wy + 9), fill=(255, 209, 120, 230))
            x += w + rnd.randint(0, 12)
    return canvas


def _field(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    canvas = _vertical_gradient(size, (8, 14, 30), (20, 40, 60)).convert("RGBA")
    horizon = int(height * rnd.uniform(0.34, 0.42))
    grass = rnd.uniform(0.27, 0.36)
    draw = ImageDraw.Draw(canvas)
    stripes = 10
    for i in range(stripes):
        # Perspective stripes: each band is a trapezoid widening toward the viewer.
        t0, t1 = i / stripes, (i + 1) / stripes
        y0 = horizon + (height - horizon) * t0**1.6
        y1 = horizon + (height - horizon) * t1**1.6
        value = 0.5 if i % 2 else 0.6
        draw.rectangle((0, y0, width, y1), fill=(*_hsv(grass, 0.65, value), 255))
    line = (235, 240, 235, 210)
    draw.line((width // 2 - 40, horizon, width // 2 - 120, height), fill=line, width=4)
    cy = horizon + int((height - horizon) * 0.45)
    draw.ellipse((width // 2 - 260, cy - 70, width // 2 + 120, cy + 70), outline=line, width=4)
    draw.line((60, horizon + 20, width - 60, horizon + 20), fill=line, width=3)
    for x in range(80, width, rnd.randint(150, 260)):
        _glow(canvas, (x, int(horizon * rnd.uniform(0.15, 0.5))), 40, (255, 250, 220), 230)
    return canvas


def _chart(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    hue = rnd.uniform(0.52, 0.7)
    canvas = _vertical_gradient(size, _hsv(hue, 0.7, 0.18), _hsv(hue, 0.6, 0.35)).convert("RGBA")
    draw = ImageDraw.Draw(canvas)
    for y in range(80, height, 80):
        draw.line((0, y, width, y), fill=(255, 255, 255, 28), width=1)
    bars = rnd.randint(9, 14)
    gap = width / bars
    level = rnd.uniform(0.2, 0.35)
    points = []
    accent = rnd.uniform(0.05, 0.5)
    for i in range(bars):
        level = min(0.9, max(0.1, level + rnd.uniform(-0.08, 0.14)))
        top = int(height * (1 - level))
        x0 = int(i * gap + gap * 0.2)
        x1 = int((i + 1) * gap - gap * 0.2)
        draw.rectangle((x0, top, x1, height), fill=(*_hsv(accent + i * 0.015, 0.55, 0.85), 210))
        points.append(((x0 + x1) // 2, top - 30))
    trend = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(trend).line(points, fill=(255, 230, 140, 255), width=10, joint="curve")
    canvas.alpha_composite(trend.filter(ImageFilter.GaussianBlur(8)))
    draw.line(points, fill=(255, 240, 190, 255), width=4, joint="curve")
    return canvas


def _arches(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    stone = rnd.uniform(0.06, 0.11)
    canvas = _vertical_gradient(size, _hsv(stone, 0.35, 0.85), _hsv(stone, 0.45, 0.55)).convert(
        "RGBA"
    )
    draw = ImageDraw.Draw(canvas)
    count = rnd.randint(4, 6)
    span = width / count
    pillar = span * 0.2
    spring = int(height * rnd.uniform(0.3, 0.42))
    shadow = (*_hsv(stone + 0.02, 0.55, 0.28), 255)
    for i in range(count):
        x0 = i * span + pillar / 2
        x1 = (i + 1) * span - pillar / 2
        radius = (x1 - x0) / 2
        draw.pieslice((x0, spring - radius, x1, spring + radius), 180, 360, fill=shadow)
        draw.rectangle((x0, spring, x1, height), fill=shadow)
    light = Image.new("RGBA", size, (0, 0, 0, 0))
    lx = rnd.randint(0, width)
    ImageDraw.Draw(light).polygon(
        [(lx, 0), (lx + 260, 0), (lx + 60, height), (lx - 320, height)], fill=(255, 236, 190, 70)
    )
    canvas.alpha_composite(light.filter(ImageFilter.GaussianBlur(30)))
    draw.rectangle((0, height - 40, width, height), fill=(*_hsv(stone, 0.4, 0.4), 255))
    return canvas


def _bokeh(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    hue = rnd.uniform(0.55, 0.8)
    canvas = _vertical_gradient(size, _hsv(hue, 0.6, 0.12), _hsv(hue + 0.1, 0.5, 0.3))
    canvas = canvas.convert("RGBA")
    for blur, count in ((18, 22), (6, 18)):
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for _ in range(count):
            r = rnd.randint(20, 90)
            x, y = rnd.randint(0, width), rnd.randint(0, height)
            color = _hsv(rnd.choice((0.08, 0.12, 0.95, 0.55, hue)), 0.5, 1.0)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*color, rnd.randint(60, 150)))
        canvas.alpha_composite(layer.filter(ImageFilter.GaussianBlur(blur)))
    return canvas


def _ridge(rnd: random.Random, width: int, base: float, amplitude: float) -> list[tuple]:
    phase, freq = rnd.uniform(0, math.tau), rnd.uniform(1.2, 2.6)
    return [
        (x, base + amplitude * math.sin(phase + freq * math.tau * x / width) * 0.6)
        for x in range(0, width + 20, 20)
    ]


def _hills(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    canvas = _sky(rnd, size)
    _glow(canvas, (rnd.randint(150, width - 150), int(height * 0.35)), 70, (255, 240, 200), 230)
    draw = ImageDraw.Draw(canvas)
    hue = rnd.uniform(0.22, 0.4)
    for layer in range(4):
        base = height * (0.5 + layer * 0.12)
        ridge = _ridge(rnd, width, base, 60 - layer * 8)
        color = _hsv(hue + layer * 0.02, 0.35 + layer * 0.1, 0.75 - layer * 0.15)
        draw.polygon([*ridge, (width, height), (0, height)], fill=(*color, 255))
    return canvas


def _waves(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    hue = rnd.random()
    canvas = _vertical_gradient(size, _hsv(hue, 0.3, 0.95), _hsv(hue + 0.15, 0.5, 0.7))
    canvas = canvas.convert("RGBA")
    for layer in range(5):
        sheet = Image.new("RGBA", size, (0, 0, 0, 0))
        ridge = _ridge(rnd, width, height * (0.3 + layer * 0.14), 120)
        color = _hsv(hue + 0.08 * layer, 0.5, 0.9 - layer * 0.08)
        ImageDraw.Draw(sheet).polygon(
            [*ridge, (width, height), (0, height)], fill=(*color, 120 + layer * 20)
        )
        canvas.alpha_composite(sheet)
    return canvas


PAINTERS: dict[str, Callable[[random.Random, tuple[int, int]], Image.Image]] = {
    "skyline": _skyline,
    "field": _field,
    "chart": _chart,
    "arches": _arches,
    "bokeh": _bokeh,
    "hills": _hills,
    "waves": _waves,
}


def _jpeg(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=84, optimize=True, progressive=True)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def lead_image_bytes(motif: str, variant: int, seed: int) -> bytes:
    """A 1200×675 JPEG of `motif`; the same arguments always give the same picture."""
    rnd = random.Random(f"{seed}:{motif}:{variant}")  # noqa: S311 - reproducible on purpose
    image = PAINTERS[motif](rnd, LEAD_SIZE)
    # A soft vignette makes flat shapes read as a photograph.
    vignette = Image.radial_gradient("L").resize(LEAD_SIZE).point(lambda v: min(255, v * 0.55))
    shade = Image.new("RGBA", LEAD_SIZE, (0, 0, 0, 255))
    shade.putalpha(vignette)
    image.alpha_composite(shade)
    return _jpeg(image)


@lru_cache(maxsize=32)
def portrait_bytes(index: int, seed: int) -> bytes:
    """A 400×400 JPEG: a head-and-shoulders silhouette on a soft coloured background."""
    rnd = random.Random(f"{seed}:portrait:{index}")  # noqa: S311 - reproducible on purpose
    size = PORTRAIT_SIZE
    hue = (index * 0.137 + rnd.uniform(0, 0.05)) % 1.0
    canvas = _vertical_gradient(size, _hsv(hue, 0.25, 0.95), _hsv(hue + 0.05, 0.45, 0.7))
    canvas = canvas.convert("RGBA")
    _glow(canvas, (rnd.randint(80, 320), 90), 120, (255, 255, 255), 90)
    figure = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(figure)
    tone = (*_hsv(hue + 0.5, 0.25, rnd.uniform(0.25, 0.4)), 255)
    head = rnd.randint(64, 78)
    cx = 200 + rnd.randint(-12, 12)
    draw.ellipse((cx - head, 150 - head * 1.15, cx + head, 150 + head * 1.1), fill=tone)
    draw.rectangle((cx - head * 0.45, 200, cx + head * 0.45, 260), fill=tone)
    shoulders = rnd.randint(150, 175)
    draw.ellipse((cx - shoulders, 255, cx + shoulders, 255 + 2 * 150), fill=tone)
    canvas.alpha_composite(figure.filter(ImageFilter.GaussianBlur(1.2)))
    return _jpeg(canvas)


@dataclass(frozen=True)
class LeadImage:
    image: NewsImage
    motif: str


def demo_collection() -> Collection:
    """The collection that holds every demo picture, so `--reset` can find them."""
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _save_image(
    data: Callable[[], bytes],
    *,
    filename: str,
    title: str,
    alt: str,
    caption: str,
    collection: Collection,
    written: list[str] | None,
) -> NewsImage:
    """Import one picture, or return the demo picture of that title if it is already there.

    New file names go to `written`, so a failed build can remove the files it wrote.
    """
    existing = NewsImage.objects.filter(collection=collection, title=title).first()
    if existing is not None:
        return existing
    content = data()
    image = NewsImage(
        title=title,
        description=alt,
        caption=caption,
        credit=IMAGE_CREDIT,
        collection=collection,
        file_size=len(content),
        file_hash=hashlib.sha1(content, usedforsecurity=False).hexdigest(),
    )
    image.file = ImageFile(BytesIO(content), name=filename)
    image.save()
    if written is not None:
        written.append(image.file.name)
    return image


def create_lead_images(
    *, count: int, seed: int, collection: Collection, written: list[str] | None = None
) -> list[LeadImage]:
    """Draw and import `count` lead images, cycling through the motifs."""
    created = []
    for number in range(count):
        motif = LEAD_MOTIFS[number % len(LEAD_MOTIFS)]
        variant = number // len(LEAD_MOTIFS)
        text = MOTIFS[motif]
        image = _save_image(
            lambda motif=motif, variant=variant: lead_image_bytes(motif, variant, seed),
            filename=f"demo-{motif}-{variant + 1}.jpg",
            title=f"{text.title} {variant + 1}",
            alt=text.alt,
            caption=text.caption,
            collection=collection,
            written=written,
        )
        created.append(LeadImage(image=image, motif=motif))
    return created


def create_portrait(
    *,
    index: int,
    seed: int,
    name: str,
    collection: Collection,
    written: list[str] | None = None,
) -> NewsImage:
    return _save_image(
        lambda: portrait_bytes(index, seed),
        filename=f"demo-author-{index + 1}.jpg",
        title=name,
        alt=PORTRAIT_ALT,
        caption="",
        collection=collection,
        written=written,
    )
