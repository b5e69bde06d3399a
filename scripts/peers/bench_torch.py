"""PyTorch side of scripts/bench-peers: one preset's network, measured as
`workbench bench` measures ours (batch 32, 32x32x1 or the HxWxC given second,
timing.median_seconds, training then inference). Prints one JSON line."""
import json
import resource
import sys

import torch
import torch.nn as nn

from timing import median_seconds

torch.set_num_threads(2)
torch.manual_seed(1)
BATCH = 32


def vgg16_base(channels):
    layers = []
    for convs, filters in [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)]:
        for _ in range(convs):
            layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.ReLU(inplace=True)]
            channels = filters
        layers.append(nn.MaxPool2d(2))
    return layers


class Bottleneck(nn.Module):
    """keras.applications ResNet50 v1 block: stride on the first 1x1, BN eps 1.001e-5."""

    def __init__(self, cin, filters, out, stride, project):
        super().__init__()
        bn = lambda c: nn.BatchNorm2d(c, eps=1.001e-5, momentum=0.01)
        self.path = nn.Sequential(
            nn.Conv2d(cin, filters, 1, stride), bn(filters), nn.ReLU(inplace=True),
            nn.Conv2d(filters, filters, 3, padding=1), bn(filters), nn.ReLU(inplace=True),
            nn.Conv2d(filters, out, 1), bn(out))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, out, 1, stride), bn(out)) if project else nn.Identity()

    def forward(self, x):
        return torch.relu(self.path(x) + self.shortcut(x))


def resnet50_base(channels):
    layers = [nn.ZeroPad2d(3), nn.Conv2d(channels, 64, 7, 2), nn.BatchNorm2d(64, eps=1.001e-5), nn.ReLU(inplace=True),
              nn.ZeroPad2d(1), nn.MaxPool2d(3, 2)]
    cin = 64
    for blocks, filters, stride in [(3, 64, 1), (4, 128, 2), (6, 256, 2), (3, 512, 2)]:
        for b in range(blocks):
            layers.append(Bottleneck(cin, filters, 4 * filters, stride if b == 0 else 1, b == 0))
            cin = 4 * filters
    return layers


def head(inputs):
    return [nn.Flatten(), nn.Linear(inputs, 1024), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(1024, 3)]


def flat_size(base, shape):
    with torch.no_grad():   # eval: batch norm cannot take batch statistics of one image
        return nn.Sequential(*base).eval()(torch.zeros(1, *shape)).numel()


def build(preset, shape):
    """shape: (channels, height, width)."""
    c = shape[0]
    if preset == "basic-cnn":
        conv = [nn.Conv2d(c, 32, 3), nn.ReLU(inplace=True)]
        return nn.Sequential(*conv, nn.Flatten(), nn.Linear(flat_size(conv, shape), 3)), \
            lambda p: torch.optim.Adam(p, lr=0.1, eps=1e-7)
    if preset == "vgg16-v1":
        base = vgg16_base(c)
        return nn.Sequential(*base, nn.Flatten(), nn.Linear(flat_size(base, shape), 4096), nn.ReLU(inplace=True),
                             nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Linear(4096, 3)), \
            lambda p: torch.optim.Adam(p, lr=0.005, eps=1e-7)
    if preset in ("vgg16-v2", "vgg16-v3"):
        base = vgg16_base(c)
        return nn.Sequential(*base, *head(flat_size(base, shape))), lambda p: torch.optim.RMSprop(p, lr=2e-4, alpha=0.9, eps=1e-7)
    if preset == "resnet50":
        base = resnet50_base(c)
        return nn.Sequential(*base, *head(flat_size(base, shape))), lambda p: torch.optim.RMSprop(p, lr=2e-4, alpha=0.9, eps=1e-7)
    raise SystemExit(f"unknown preset {preset}")


def main():
    preset, size = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "32x32x1"
    h, w, c = (int(v) for v in size.split("x"))
    model, make_optimizer = build(preset, (c, h, w))
    optimizer = make_optimizer(model.parameters())
    loss = nn.CrossEntropyLoss()
    x = torch.rand(BATCH, c, h, w)   # NCHW, PyTorch's native layout
    y = torch.arange(BATCH) % 3

    def train():
        optimizer.zero_grad(set_to_none=True)
        loss(model(x), y).backward()
        optimizer.step()

    def infer():
        with torch.inference_mode():
            model(x)

    model.train()
    train_s = median_seconds(train)
    model.eval()
    infer_s = median_seconds(infer)
    print(json.dumps({"framework": "pytorch", "preset": preset, "input": size, "train_images_per_second": BATCH / train_s,
                      "infer_images_per_second": BATCH / infer_s,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
