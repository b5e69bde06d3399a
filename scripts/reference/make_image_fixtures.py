"""Writes the small PNG/JPEG fixtures of Tests/DatasetTests/Fixtures (run in the
reference venv with pillow). Each image is a known pattern so tests can check
decoded values: a horizontal gray ramp."""
import pathlib

import numpy as np
from PIL import Image

root = pathlib.Path(__file__).resolve().parents[2] / "Tests/DatasetTests/Fixtures/folder"
ramp = np.tile(np.linspace(0, 255, 16, dtype=np.uint8), (16, 1))
for cls in ["dress", "shirt"]:
    (root / cls).mkdir(parents=True, exist_ok=True)
    Image.fromarray(ramp, "L").save(root / cls / "gray.png")
    Image.fromarray(np.stack([ramp] * 3, -1), "RGB").save(root / cls / "rgb.jpg", quality=95)
    Image.fromarray(np.stack([ramp] * 3, -1)[:8, :12], "RGB").save(root / cls / "small-rgb.png")
(root / "shirt" / "notes.txt").write_text("not an image\n")
png = (root / "dress" / "gray.png").read_bytes()
bad = root.parent / "corrupt"
(bad / "a").mkdir(parents=True, exist_ok=True)
(bad / "b").mkdir(parents=True, exist_ok=True)
(bad / "a" / "ok.png").write_bytes(png)
(bad / "b" / "cut.png").write_bytes(png[: len(png) // 2])
jpg = (root / "dress" / "rgb.jpg").read_bytes()
badjpg = root.parent / "corrupt-jpeg"
(badjpg / "a").mkdir(parents=True, exist_ok=True)
(badjpg / "b").mkdir(parents=True, exist_ok=True)
(badjpg / "a" / "ok.jpg").write_bytes(jpg)
(badjpg / "b" / "cut.jpg").write_bytes(jpg[:200])
# Cut inside the entropy-coded scan, after the SOS header: libjpeg only warns
# ("Premature end of JPEG file") and pads the image, which must not pass.
cutjpg = root.parent / "truncated-jpeg"
for cls in ["a", "b"]:
    (cutjpg / cls).mkdir(parents=True, exist_ok=True)
    (cutjpg / cls / "ok.jpg").write_bytes(jpg)
(cutjpg / "b" / "cut-in-scan.jpg").write_bytes(jpg[: jpg.index(b"\xff\xda") + 31])
print("wrote", root.parent)
