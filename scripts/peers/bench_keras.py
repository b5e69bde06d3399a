"""Keras 3 / TensorFlow side of scripts/bench-peers: one preset's network from
keras.applications (weights=None: nothing is downloaded), measured as
`workbench bench` measures ours (32x32x1 or the HxWxC given second). Prints one JSON line."""
import json
import os
import resource
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(1)
import keras  # noqa: E402
from keras import layers  # noqa: E402

from timing import median_seconds  # noqa: E402

BATCH = 32


def build(preset, shape):
    inputs = keras.Input(shape)
    if preset == "basic-cnn":
        x = layers.Conv2D(32, 3, activation="relu")(inputs)
        outputs = layers.Dense(3, activation="softmax")(layers.Flatten()(x))
        return keras.Model(inputs, outputs), keras.optimizers.Adam(0.1)
    if preset.startswith("vgg16"):
        x = keras.applications.VGG16(weights=None, include_top=False, input_tensor=inputs).output
    elif preset == "resnet50":
        x = keras.applications.ResNet50(weights=None, include_top=False, input_tensor=inputs).output
    else:
        raise SystemExit(f"unknown preset {preset}")
    x = layers.Flatten()(x)
    if preset == "vgg16-v1":
        x = layers.Dense(4096, activation="relu")(x)
        x = layers.Dense(4096, activation="relu")(x)
        return keras.Model(inputs, layers.Dense(3, activation="softmax")(x)), keras.optimizers.Adam(0.005)
    x = layers.Dense(1024, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(inputs, layers.Dense(3, activation="softmax")(x)), keras.optimizers.RMSprop(2e-4)



def main():
    preset, size = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "32x32x1"
    h, w, c = (int(v) for v in size.split("x"))
    model, optimizer = build(preset, (h, w, c))
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(1)
    x = rng.random((BATCH, h, w, c), dtype=np.float32)
    y = np.arange(BATCH) % 3
    train_s = median_seconds(lambda: model.train_on_batch(x, y))
    infer_s = median_seconds(lambda: model.predict_on_batch(x))
    print(json.dumps({"framework": "keras", "preset": preset, "input": size, "train_images_per_second": BATCH / train_s,
                      "infer_images_per_second": BATCH / infer_s,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
