"""Writes Tests/NNTests/Fixtures/torch_reference.json: small fixed cases computed
by PyTorch, which the NN tests compare against (they do not need torch).

Run by hand: scripts/reference/make_fixtures.sh (creates the venv).
Layouts are converted to ours: activations NHWC, conv kernels (kh, kw, cin, cout),
dense kernels (in, out). Where Keras and PyTorch differ, the comment says how the
case is set up so that both compute the same thing.
"""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(0)
OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/NNTests/Fixtures/torch_reference.json"


def arr(shape, scale=1.0):
    return (rng.uniform(-1, 1, size=shape) * scale).astype(np.float32)


def flat(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else t
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def nchw(x_nhwc):
    return torch.tensor(x_nhwc).permute(0, 3, 1, 2).contiguous()


def nhwc(t):
    return t.permute(0, 2, 3, 1)


def conv_case(n, h, w, cin, cout, k, stride, padding):
    """TF padding: 'same' pads total max((out-1)*s+k-in, 0), the smaller half first."""
    x = arr((n, h, w, cin)); kernel = arr((k, k, cin, cout), 0.5); bias = arr((cout,), 0.5)
    xt = nchw(x).requires_grad_(True)
    wt = torch.tensor(kernel).permute(3, 2, 0, 1).contiguous().requires_grad_(True)
    bt = torch.tensor(bias).requires_grad_(True)
    if padding == "same":
        pads = []
        for size in (w, h):
            out = -(-size // stride)
            total = max((out - 1) * stride + k - size, 0)
            pads += [total // 2, total - total // 2]
        xin = F.pad(xt, pads)
    else:
        xin = xt
    y = F.conv2d(xin, wt, bt, stride=stride)
    dy = arr(tuple(nhwc(y).shape))
    y.backward(nchw(dy))
    return dict(x=flat(x), x_shape=list(x.shape), kernel=flat(kernel), bias=flat(bias), k=k, cin=cin, cout=cout,
                stride=stride, padding=padding, y=flat(nhwc(y)), y_shape=list(nhwc(y).shape), dy=flat(dy),
                dx=flat(nhwc(xt.grad)), dkernel=flat(wt.grad.permute(2, 3, 1, 0)), dbias=flat(bt.grad))


def maxpool_case(n, h, w, c, k, stride):
    x = arr((n, h, w, c)); xt = nchw(x).requires_grad_(True)
    y = F.max_pool2d(xt, k, stride)
    dy = arr(tuple(nhwc(y).shape)); y.backward(nchw(dy))
    return dict(x=flat(x), x_shape=list(x.shape), k=k, stride=stride, y=flat(nhwc(y)), y_shape=list(nhwc(y).shape),
                dy=flat(dy), dx=flat(nhwc(xt.grad)))


def batchnorm_case(training):
    """Keras momentum 0.99 is PyTorch momentum 0.01. PyTorch updates the running variance
    with the unbiased batch variance, Keras 3 with the biased one: the expected moving
    variance is computed here from the biased variance, as Keras does."""
    n, h, w, c, eps = 4, 3, 3, 5, 1.001e-5
    x = arr((n, h, w, c), 2.0); gamma = arr((c,)) + 1.5; beta = arr((c,))
    mean0 = arr((c,), 0.3); var0 = np.abs(arr((c,))) + 0.5
    xt = nchw(x).requires_grad_(True); gt = torch.tensor(gamma).requires_grad_(True); bt = torch.tensor(beta).requires_grad_(True)
    rm = torch.tensor(mean0.copy()); rv = torch.tensor(var0.copy())
    y = F.batch_norm(xt, rm, rv, gt, bt, training=training, momentum=0.01, eps=eps)
    dy = arr(tuple(nhwc(y).shape)); y.backward(nchw(dy))
    xs = x.reshape(-1, c).astype(np.float64)
    moving_mean = 0.99 * mean0 + 0.01 * xs.mean(0) if training else mean0
    moving_var = 0.99 * var0 + 0.01 * xs.var(0) if training else var0
    return dict(x=flat(x), x_shape=list(x.shape), gamma=flat(gamma), beta=flat(beta), moving_mean0=flat(mean0),
                moving_variance0=flat(var0), training=training, y=flat(nhwc(y)), dy=flat(dy), dx=flat(nhwc(xt.grad)),
                dgamma=flat(gt.grad), dbeta=flat(bt.grad), moving_mean=flat(moving_mean), moving_variance=flat(moving_var))


def dense_case():
    x = arr((3, 6)); kernel = arr((6, 4)); bias = arr((4,))
    xt = torch.tensor(x, requires_grad=True); wt = torch.tensor(kernel, requires_grad=True); bt = torch.tensor(bias, requires_grad=True)
    y = torch.relu(xt @ wt + bt)
    dy = arr((3, 4)); y.backward(torch.tensor(dy))
    return dict(x=flat(x), kernel=flat(kernel), bias=flat(bias), y=flat(y), dy=flat(dy), dx=flat(xt.grad),
                dkernel=flat(wt.grad), dbias=flat(bt.grad))


def cross_entropy_case():
    logits = arr((5, 3), 4.0); labels = [0, 2, 1, 1, 0]
    lt = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(lt, torch.tensor(labels))
    loss.backward()
    return dict(logits=flat(logits), labels=labels, loss=float(loss.detach()), dlogits=flat(lt.grad),
                probabilities=flat(torch.softmax(lt, 1)))


def optimizer_case(kind):
    """Two steps from the same weights and gradients. Keras and PyTorch place epsilon
    differently (Adam: Keras' epsilon-hat; RMSprop: inside vs outside the root), so the
    PyTorch epsilons are chosen to be equivalent at these steps or negligible."""
    w0 = arr((6,)); grads = [arr((6,)), arr((6,))]
    wt = torch.tensor(w0.copy(), requires_grad=True)
    if kind == "adam":
        # Keras: w -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps); PyTorch: lr/(1-b1^t) * m/(sqrt(v/(1-b2^t))+eps').
        # Equal when eps' = eps/sqrt(1-b2^t); with eps = 1e-7 the t-dependence is below Float resolution.
        opt = torch.optim.Adam([wt], lr=0.01, betas=(0.9, 0.999), eps=1e-7 / np.sqrt(1 - 0.999))
        lr = 0.01
    elif kind == "rmsprop":
        opt = torch.optim.RMSprop([wt], lr=0.01, alpha=0.9, eps=0.0)
        lr = 0.01
    else:
        opt = torch.optim.SGD([wt], lr=0.1, momentum=0.9)
        lr = 0.1
    for g in grads:
        opt.zero_grad(); wt.grad = torch.tensor(g); opt.step()
    return dict(kind=kind, lr=lr, w0=flat(w0), gradients=[flat(g) for g in grads], w=flat(wt))


fixtures = dict(
    conv_same_s1=conv_case(2, 5, 5, 3, 4, 3, 1, "same"),
    conv_valid_s2=conv_case(2, 7, 7, 2, 3, 3, 2, "valid"),
    conv_same_s2_even=conv_case(1, 6, 6, 2, 3, 3, 2, "same"),
    conv_1x1_s2=conv_case(1, 5, 5, 3, 2, 1, 2, "valid"),
    conv_7x7_s2=conv_case(1, 12, 12, 1, 4, 7, 2, "valid"),
    maxpool_2x2=maxpool_case(2, 4, 4, 3, 2, 2),
    maxpool_3x3_s2=maxpool_case(1, 7, 7, 2, 3, 2),
    batchnorm_training=batchnorm_case(True),
    batchnorm_inference=batchnorm_case(False),
    dense_relu=dense_case(),
    cross_entropy=cross_entropy_case(),
    adam=optimizer_case("adam"),
    rmsprop=optimizer_case("rmsprop"),
    sgd_momentum=optimizer_case("sgd"),
)
fixtures["_generator"] = f"scripts/reference/make_fixtures.py with torch {torch.__version__}"
OUT.write_text(json.dumps(fixtures, indent=1) + "\n")
print(f"wrote {OUT}")
