"""Writes the seed corpora of the libFuzzer harnesses (scripts/fuzz): small valid
files of each format the readers take, for the fuzzer to mutate.

Run by hand with a Python that has h5py and numpy:
  .venv-ref/bin/python scripts/reference/make_fuzz_corpus.py

fuzz/safetensors/corpus: checkpoints as Safetensors.encode writes them (8-byte
header length, JSON header padded with spaces to 8 bytes, F32 data).
fuzz/checkpoint/corpus: a checkpoint of basic-cnn on 8x8 with Adam, as the
checkpoint harness restores it.
fuzz/idx/corpus: uncompressed IDX images and labels (the harness gzips its input).
fuzz/keras-h5/corpus: the Keras 3 layout (layers/<name>/vars/<i>, the vars group
naming the layer) for basic-cnn's "predictions" layer, with the two group formats
h5py writes (symbol tables by default, link messages with libver="latest"), with
and without a soft link, and the Keras 2 layout.
"""
import json
import pathlib
import struct

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2] / "fuzz"


def safetensors(tensors, metadata):
    header, offset, data = {"__metadata__": metadata}, 0, b""
    for name, values in tensors:
        raw = np.asarray(values, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(values)), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


out = ROOT / "safetensors/corpus"
out.mkdir(parents=True, exist_ok=True)
(out / "empty.safetensors").write_bytes(safetensors([], {}))
(out / "checkpoint.safetensors").write_bytes(safetensors(
    [("conv2d.kernel", np.arange(6).reshape(1, 2, 3)), ("conv2d.bias", [0.5]),
     ("optimizer/m/conv2d.bias", [0.0]), ("optimizer/v/conv2d.bias", [0.0])],
    {"format": "fashion-cnn-workbench/1", "architecture": "basic-cnn", "optimizer": "adam",
     "optimizer_iterations": "3", "epochs_completed": "1", "learning_rate": "0.001", "dropout": "0.0", "seed": "7"}))
(out / "scalar.safetensors").write_bytes(safetensors([("s", np.float32(2.0)), ("z", np.zeros((0, 3)))], {"k": "v"}))

out = ROOT / "checkpoint/corpus"
out.mkdir(parents=True, exist_ok=True)
weights = [("conv2d.kernel", (3, 3, 1, 32)), ("conv2d.bias", (32,)), ("predictions.kernel", (1152, 3)), ("predictions.bias", (3,))]
values = lambda shape, scale: (np.arange(int(np.prod(shape))) % 7 * scale).astype(np.float32).reshape(shape)
(out / "basic-cnn-8x8-adam.safetensors").write_bytes(safetensors(
    [(n, values(s, 0.01)) for n, s in weights] + [(f"optimizer/{slot}/{n}", values(s, 0.001)) for slot in ("m", "v") for n, s in weights],
    {"format": "fashion-cnn-workbench/1", "architecture": "basic-cnn", "optimizer": "adam",
     "optimizer_iterations": "20", "epochs_completed": "1", "learning_rate": "0.001", "dropout": "0.0", "seed": "7"}))

out = ROOT / "idx/corpus"
out.mkdir(parents=True, exist_ok=True)
words = lambda *w: b"".join(struct.pack(">I", x) for x in w)
(out / "images-2x2x3").write_bytes(words(0x803, 2, 2, 3) + bytes(range(12)))
(out / "images-0x28x28").write_bytes(words(0x803, 0, 28, 28))
(out / "labels-3").write_bytes(words(0x801, 3) + bytes([0, 9, 4]))

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
print("wrote", sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/corpus/*")))
