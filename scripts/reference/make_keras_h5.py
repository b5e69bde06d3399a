"""Writes Tests/ExperimentsTests/Fixtures/*.h5: Keras weight files the .h5
reader is tested on, in both layouts Keras has used.

Run by hand with a Python that has keras and h5py (e.g. .venv-bench after
scripts/bench-peers): .venv-bench/bin/python scripts/reference/make_keras_h5.py

The network is our basic-cnn on 8x8 grayscale input (conv2d 3x3x1x32, Flatten,
predictions 1152x3); every weight is set to a formula of its flat index so the
test can check values without a second copy:
  w[i] = (i % 97) / 97 - 0.5 + offset, offset = the layer index (conv2d 0, predictions 2), + 0.25 for biases.
"""
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py
import keras
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/ExperimentsTests/Fixtures"


def values(shape, offset):
    n = int(np.prod(shape))
    return ((np.arange(n) % 97) / 97 - 0.5 + offset).astype(np.float32).reshape(shape)


def model(channels):
    inp = keras.Input((8, 8, channels))
    x = keras.layers.Conv2D(32, 3, activation="relu", name="conv2d")(inp)
    x = keras.layers.Flatten(name="flatten")(x)
    out = keras.layers.Dense(3, name="predictions")(x)
    m = keras.Model(inp, out)
    for layer_index, layer in enumerate(m.layers[1:]):
        if layer.weights:
            kernel, bias = layer.get_weights()
            layer.set_weights([values(kernel.shape, layer_index), values(bias.shape, layer_index + 0.25)])
    return m


# Keras 3's own format.
model(1).save_weights(OUT / "basic_cnn_8x8.weights.h5")


def rewrite(src, dst):
    for name, obj in src.items():
        if isinstance(obj, h5py.Group):
            g = dst.create_group(name)
            g.attrs.update(obj.attrs)
            rewrite(obj, g)
        else:
            dst.create_dataset(name, data=obj[()]).attrs.update(obj.attrs)


# The same file as h5py writes it with a soft link, in the default (symbol table)
# format and in libver="latest" (version 2 object headers, compact link-message
# groups with a link info message, creation order tracked).
for out, options in [("basic_cnn_8x8_softlink.weights.h5", {}),
                     ("basic_cnn_8x8_latest.weights.h5", {"libver": "latest", "track_order": True})]:
    with h5py.File(OUT / "basic_cnn_8x8.weights.h5") as src, h5py.File(OUT / out, "w", **options) as dst:
        rewrite(src, dst)
        dst["layers/alias"] = h5py.SoftLink("/layers/conv2d")

# The Keras 2 / keras.applications layout (ImageNet files), here with an RGB
# first layer, written group by group as Keras 2's save_weights did.
m = model(3)
with h5py.File(OUT / "basic_cnn_8x8_rgb_keras2.h5", "w") as f:
    f.attrs["layer_names"] = np.array([l.name.encode() for l in m.layers[1:]])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.2.4"
    for layer in m.layers[1:]:
        g = f.create_group(layer.name)
        names = [f"{layer.name}/{w}:0".encode() for w in ("kernel", "bias")] if layer.weights else []
        g.attrs["weight_names"] = np.array(names, dtype="S40")
        for name, w in zip(names, layer.get_weights()):
            g.create_dataset(name.decode(), data=w)
print("wrote", sorted(p.name for p in OUT.glob("*.h5")))
