"""Writes the seed corpora of the libFuzzer harnesses (scripts/fuzz): small valid
files of each format the readers take, for the fuzzer to mutate.

Run by hand, for all harnesses or the ones named:
  .venv-ref/bin/python scripts/reference/make_fuzz_corpus.py [safetensors checkpoint idx keras-h5 image config]
safetensors, checkpoint and keras-h5 need numpy (and h5py); image and config need
only the standard library and a C compiler with libjpeg (scripts/reference/jpeg_seeds.c).

fuzz/safetensors/corpus: checkpoints as Safetensors.encode writes them (8-byte
header length, JSON header padded with spaces to 8 bytes, F32 data).
fuzz/checkpoint/corpus: a checkpoint of basic-cnn on 8x8 with Adam, as the
checkpoint harness restores it.
fuzz/idx/corpus: uncompressed IDX images and labels (the harness gzips its input).
fuzz/keras-h5/corpus: the Keras 3 layout (layers/<name>/vars/<i>, the vars group
naming the layer) for basic-cnn's "predictions" layer, with the two group formats
h5py writes (symbol tables by default, link messages with libver="latest"), with
and without a soft link, and the Keras 2 layout.
fuzz/image/corpus: PNGs (gray, gray+alpha, RGB, RGBA, palette, 16-bit,
interlaced) and JPEGs (gray, RGB 4:4:4 and 4:2:0, progressive, restart markers)
of a few sizes, from 1x1 to 33x17.
fuzz/config/corpus: the presets of experiments/ and edge configs; lines
"#set key=value" are applied by the harness as --set overrides.
"""
import json
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2] / "fuzz"


def safetensors(tensors, metadata):
    import numpy as np
    header, offset, data = {"__metadata__": metadata}, 0, b""
    for name, values in tensors:
        raw = np.asarray(values, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(values)), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def make_safetensors():
    import numpy as np
    out = ROOT / "safetensors/corpus"
    out.mkdir(parents=True, exist_ok=True)
    (out / "empty.safetensors").write_bytes(safetensors([], {}))
    (out / "checkpoint.safetensors").write_bytes(safetensors(
        [("conv2d.kernel", np.arange(6).reshape(1, 2, 3)), ("conv2d.bias", [0.5]),
         ("optimizer/m/conv2d.bias", [0.0]), ("optimizer/v/conv2d.bias", [0.0])],
        {"format": "fashion-cnn-workbench/1", "architecture": "basic-cnn", "optimizer": "adam",
         "optimizer_iterations": "3", "epochs_completed": "1", "learning_rate": "0.001", "dropout": "0.0", "seed": "7"}))
    (out / "scalar.safetensors").write_bytes(safetensors([("s", np.float32(2.0)), ("z", np.zeros((0, 3)))], {"k": "v"}))



def make_checkpoint():
    import numpy as np
    out = ROOT / "checkpoint/corpus"
    out.mkdir(parents=True, exist_ok=True)
    weights = [("conv2d.kernel", (3, 3, 1, 32)), ("conv2d.bias", (32,)), ("predictions.kernel", (1152, 3)), ("predictions.bias", (3,))]
    values = lambda shape, scale: (np.arange(int(np.prod(shape))) % 7 * scale).astype(np.float32).reshape(shape)
    (out / "basic-cnn-8x8-adam.safetensors").write_bytes(safetensors(
        [(n, values(s, 0.01)) for n, s in weights] + [(f"optimizer/{slot}/{n}", values(s, 0.001)) for slot in ("m", "v") for n, s in weights],
        {"format": "fashion-cnn-workbench/1", "architecture": "basic-cnn", "optimizer": "adam",
         "optimizer_iterations": "20", "epochs_completed": "1", "learning_rate": "0.001", "dropout": "0.0", "seed": "7"}))



def make_idx():
    out = ROOT / "idx/corpus"
    out.mkdir(parents=True, exist_ok=True)
    words = lambda *w: b"".join(struct.pack(">I", x) for x in w)
    (out / "images-2x2x3").write_bytes(words(0x803, 2, 2, 3) + bytes(range(12)))
    (out / "images-0x28x28").write_bytes(words(0x803, 0, 28, 28))
    (out / "labels-3").write_bytes(words(0x801, 3) + bytes([0, 9, 4]))



def make_keras_h5():
    import h5py
    import numpy as np
    out = ROOT / "keras-h5/corpus"
    out.mkdir(parents=True, exist_ok=True)
    kernel, bias = np.arange(12, dtype=np.float32).reshape(4, 3), np.ones(3, dtype=np.float32)
    for name, options, soft in [("keras3.h5", {}, False), ("keras3-softlink.h5", {}, True),
                                ("keras3-latest.h5", {"libver": "latest", "track_order": True}, True)]:
        with h5py.File(out / name, "w", **options) as f:
            v = f.create_group("layers/dense/vars")
            v.attrs["name"] = "predictions"
            v.create_dataset("0", data=kernel)
            v.create_dataset("1", data=bias)
            if soft:
                f["layers/alias"] = h5py.SoftLink("/layers/dense")
    with h5py.File(out / "keras2.h5", "w") as f:
        g = f.create_group("predictions")
        g.attrs["weight_names"] = np.array([b"predictions/kernel:0", b"predictions/bias:0"])
        g.create_dataset("predictions/kernel:0", data=kernel.astype(np.float64))
        g.create_dataset("predictions/bias:0", data=bias)


def png(width, height, color_type, rows, bit_depth=8, palette=None, interlaced=False):
    """A PNG of `rows` (lists of sample values), filter type 0 on every row;
    interlaced files are written as Adam7 passes."""
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]

    def pack(values):
        if bit_depth == 16:
            return b"".join(struct.pack(">H", v) for v in values)
        return bytes(values)

    def scanlines(coords):
        return b"".join(b"\0" + pack([v for x in xs for v in rows[y][x * samples:(x + 1) * samples]]) for y, xs in coords)

    if interlaced:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        raw = b"".join(scanlines([(y, list(range(x0, width, dx))) for y in range(y0, height, dy)])
                       for x0, y0, dx, dy in passes if x0 < width and y0 < height)
    else:
        raw = scanlines([(y, list(range(width))) for y in range(height)])

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    body = chunk(b"IHDR", header)
    if palette:
        body += chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def make_image():
    out = ROOT / "image/corpus"
    out.mkdir(parents=True, exist_ok=True)
    ramp = lambda w, h, s, top=255: [[(x * 37 + y * 11 + c * 5) % (top + 1) for x in range(w) for c in range(s)] for y in range(h)]
    (out / "gray-1x1.png").write_bytes(png(1, 1, 0, [[128]]))
    (out / "gray-28x28.png").write_bytes(png(28, 28, 0, ramp(28, 28, 1)))
    (out / "gray-alpha-5x5.png").write_bytes(png(5, 5, 4, ramp(5, 5, 2)))
    (out / "gray16-3x3.png").write_bytes(png(3, 3, 0, ramp(3, 3, 1, 65535), bit_depth=16))
    (out / "rgb-12x8.png").write_bytes(png(12, 8, 2, ramp(12, 8, 3)))
    (out / "rgba-6x4.png").write_bytes(png(6, 4, 6, ramp(6, 4, 4)))
    (out / "palette-4x4.png").write_bytes(png(4, 4, 3, ramp(4, 4, 1, 3), palette=[(0, 0, 0), (255, 0, 0), (0, 255, 0), (0, 0, 255)]))
    (out / "rgb-9x7-interlaced.png").write_bytes(png(9, 7, 2, ramp(9, 7, 3), interlaced=True))
    with tempfile.TemporaryDirectory() as tmp:
        exe = pathlib.Path(tmp) / "jpeg_seeds"
        subprocess.run(["cc", "-O1", "-o", str(exe), str(ROOT.parent / "scripts/reference/jpeg_seeds.c"), "-ljpeg"], check=True)
        subprocess.run([str(exe), str(out)], check=True)


def make_config():
    out = ROOT / "config/corpus"
    out.mkdir(parents=True, exist_ok=True)
    experiments = ROOT.parent / "experiments"
    for preset in sorted(experiments.glob("*.yaml")):
        shutil.copy(preset, out / preset.name)
    for preset in sorted((experiments / "transfer").glob("*.yaml")):
        shutil.copy(preset, out / f"transfer-{preset.name}")
    edge = {
        "minimal.yaml": "preset: m\nnetwork: basic-cnn\noptimizer: {kind: sgd, lr: 0.01, momentum: 0.9}\n",
        "overrides.yaml": "#set optimizer.lr=1e-4\n#set data.profile=tiny\n#set input={height: 28, width: 28, channels: 3}\n"
                          "preset: o\nnetwork: basic-cnn\noptimizer:\n  kind: adam\n  lr: 0.1\n",
        "everything.yaml": "preset: e\nnetwork: basic-cnn\noptimizer: {kind: rmsprop, lr: 2.0e-4}\ndropout: 0.5\nepochs: 3\n"
                           "batch_size: 16\nruns: 2\nsplit: halves\nseed: 18446744073709551615\n"
                           "augmentation: {rotation_range: 10, width_shift_range: 0.1, height_shift_range: 0.1, "
                           "shear_range: 0.2, zoom_range: 0.2, horizontal_flip: true, fill_mode: nearest}\n"
                           "early_stopping: {monitor: val_accuracy, patience: 2, min_delta: 0.01}\nlr_decay: {kind: plateau, factor: 0.5, patience: 1}\n"
                           "input: {height: 28, width: 28, channels: 1}\ndata: {profile: tiny, task: pretrain}\n",
        "step-decay-freeze.yaml": "preset: s\\nnetwork: vgg16\\noptimizer: {kind: adam, lr: 0.001}\\nlr_decay: {kind: step, every: 2}\\n"
                                  "freeze: {all_but_last: 2}\\n",
        "anchors.yaml": "base: &o {kind: adam, lr: 0.001}\npreset: a\nnetwork: basic-cnn\noptimizer: *o\n",
        "flow.yaml": '{"preset": "f", "network": "basic-cnn", "optimizer": {"kind": "adam", "lr": 1e-3}, "data": {"folder": "a,b"}}\n',
    }
    for name, text in edge.items():
        (out / name).write_text(text)


SECTIONS = {"safetensors": make_safetensors, "checkpoint": make_checkpoint, "idx": make_idx,
            "keras-h5": make_keras_h5, "image": make_image, "config": make_config}
for name in sys.argv[1:] or SECTIONS:
    SECTIONS[name]()
print("wrote", sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/corpus/*")))
