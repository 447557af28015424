"""The explanation and figure cells of each topic's notebook.

Explanations are short, in English with the Korean terms of the course notes
(``shared/course-notes/``: 기울기 소실, 배치 정규화, 드롭아웃, ...), and state PyTorch's
conventions, which the properties check.  Figures are drawn by code cells with
matplotlib (rendered by the kernel's inline backend, which uses Agg and needs no
display) from what PyTorch computes, so they show the idea without giving away the NumPy
code the student is asked to write.

A topic missing here still gets a notebook: its title and ``Topic.notes`` stand in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    intro: str  # markdown above the code cell
    code: str


@dataclass(frozen=True)
class Content:
    explanation: str  # markdown
    figures: tuple[Figure, ...] = ()


ACTIVATIONS = Content(
    explanation="""\
An activation function makes a layer non-linear; without one, stacked layers collapse
into a single linear map.

* **Sigmoid (시그모이드)**: $\\sigma(x) = 1 / (1 + e^{-x})$, read as a probability. Its
  derivative is $\\sigma(x)\\,(1 - \\sigma(x)) \\le 1/4$. When the output is close to 0 or 1
  the derivative is close to 0, and backpropagation multiplies these small factors layer
  after layer: the gradient fades away, **vanishing gradients (기울기 소실)**.
* **ReLU**: $\\max(0, x)$. Its gradient is 1 for $x > 0$ and 0 for $x < 0$, so it does not
  saturate for positive inputs. It is not differentiable at exactly $x = 0$; PyTorch's
  convention, which the tests check, is a gradient of **0** there.

Each backward function receives `dout`, the gradient of the loss with respect to the
function's output, and returns `dx` by the chain rule (합성함수의 미분): local derivative
times `dout`. The forward pass returns a `cache` with whatever the backward pass needs.

Numerically, `np.exp(-x)` overflows for $x < -709$: your sigmoid must stay finite and
warning-free for every finite input.""",
    figures=(
        Figure(
            intro="The sigmoid and its derivative, as PyTorch computes them: away from 0 "
            "the curve flattens (saturates) and the derivative, never above 1/4, goes to 0.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-10, 10, 401, dtype=torch.float64, requires_grad=True)
s = torch.sigmoid(x)
s.backward(torch.ones_like(s))  # autograd: ds/dx at every point

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(x.detach(), s.detach(), label="sigmoid(x)")
ax.plot(x.detach(), x.grad, label="derivative s(1 - s)")
ax.axhline(0.25, color="gray", lw=0.8, ls=":", label="1/4, the largest derivative")
ax.axvspan(-10, -5, color="red", alpha=0.08, label="saturated: gradient ~ 0")
ax.axvspan(5, 10, color="red", alpha=0.08)
ax.set_xlabel("x")
ax.legend(loc="center left", fontsize=8)
ax.set_title("Sigmoid saturates: vanishing gradients")
plt.show()""",
        ),
        Figure(
            intro="ReLU and its gradient. The gradient jumps from 0 to 1 at $x = 0$; "
            "PyTorch takes the value **0** exactly at the kink (the red dot).",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-3, 3, 601, dtype=torch.float64, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(y))
zero = torch.zeros(1, dtype=torch.float64, requires_grad=True)
torch.relu(zero).backward(torch.ones(1, dtype=torch.float64))

fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(x.detach(), y.detach(), label="relu(x)")
ax.plot(x.detach(), x.grad, label="gradient")
ax.plot([0.0], zero.grad, "o", color="red", label=f"gradient at 0: {zero.grad.item():g}")
ax.set_xlabel("x")
ax.legend(fontsize=8)
plt.show()""",
        ),
    ),
)

BATCHNORM = Content(
    explanation="""\
**Batch normalization (배치 정규화)** normalises each feature over the mini-batch
(미니배치): for $x$ of shape (N, D), with the batch mean $\\mu$ and the batch variance
$\\sigma^2$ of each column,
$\\hat{x} = (x - \\mu) / \\sqrt{\\sigma^2 + \\epsilon}$, then $y = \\gamma \\hat{x} + \\beta$:
a learnable scale (확대, $\\gamma$) and shift (이동, $\\beta$), starting at $\\gamma = 1$,
$\\beta = 0$. The small $\\epsilon$ keeps a constant feature from dividing by zero.

Because the output depends on which samples share the batch, there are two modes:

* **Training** (`model.train()`): normalise with the batch statistics, and update the
  running statistics (the "learning mean / learning variance" of the notes). PyTorch's
  rule: `running = (1 - momentum) * running + momentum * batch_stat`, and the variance
  that goes into `running_var` is the **unbiased** one (divide by N - 1), while the
  normalisation itself uses the **biased** one (divide by N). With N = 1 there is no
  variance to estimate: PyTorch refuses, and so must you.
* **Evaluation** (`model.eval()`): normalise with the stored running statistics, so the
  output no longer depends on the rest of the batch.

The backward pass returns the gradients for $x$, $\\gamma$ and $\\beta$; remember that
$\\mu$ and $\\sigma^2$ depend on every $x$ of the column.""",
    figures=(
        Figure(
            intro="Batch statistics vs running statistics: a real `torch.nn.BatchNorm1d` "
            "in training mode sees 60 batches of one feature whose mean drifts. Each batch "
            "mean is noisy; the running mean (momentum 0.1) follows it smoothly, and is "
            "what evaluation mode uses.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch

rng = np.random.default_rng(0)
bn = torch.nn.BatchNorm1d(1, momentum=0.1).double().train()
batch_means, batch_vars, running_means, running_vars = [], [], [], []
for step in range(60):
    x = rng.normal(loc=2.0 + 0.05 * step, scale=1.5, size=(16, 1))
    batch_means.append(x.mean())
    batch_vars.append(x.var(ddof=1))
    bn(torch.tensor(x))
    running_means.append(bn.running_mean.item())
    running_vars.append(bn.running_var.item())

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
ax1.plot(batch_means, ".", label="batch mean")
ax1.plot(running_means, label="running_mean")
ax1.set_title("mean")
ax2.plot(batch_vars, ".", label="batch variance (unbiased)")
ax2.plot(running_vars, label="running_var")
ax2.set_title("variance")
for ax in (ax1, ax2):
    ax.set_xlabel("training step")
    ax.legend(fontsize=8)
plt.show()""",
        ),
    ),
)

DROPOUT = Content(
    explanation="""\
**Dropout (드롭아웃)** fights overfitting: during training each unit's output is set to 0
with probability $p$, a new random mask at every step, so the network cannot rely on any
single unit. It can be read as training many thinned networks at once and averaging them
at test time (앙상블).

Careful with $p$: PyTorch's `torch.nn.Dropout(p)` (and these exercises) use $p$ = the
probability of **dropping** a unit, while the 2014 paper's $p$ is the probability of
**keeping** it.

* **Vanilla dropout** (the paper's): training drops units and does not rescale; at test
  time every unit is kept and the output is multiplied by $(1 - p)$, so that expected
  values match.
* **Inverted dropout** (what PyTorch does): training drops units and scales the kept ones
  by $1 / (1 - p)$; at test time (`model.eval()`) dropout is the identity.

Your functions draw their masks from the `rng` (a `numpy.random.Generator`) they are
given, and from nothing else, so the same seed gives the same mask.""",
    figures=(
        Figure(
            intro="The same activations before and after dropout with $p = 0.5$, in both "
            "modes. The training mask comes from PyTorch's own dropout; both kinds drop "
            "the same units here, so only the scaling differs.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

p = 0.5
torch.manual_seed(0)
a = torch.linspace(0.2, 1.0, 20, dtype=torch.float64)  # activations of 20 units
inverted_train = F.dropout(a, p, training=True)  # PyTorch: inverted dropout
kept = (inverted_train != 0).double()
rows = {
    "input": a,
    "vanilla, training (drop, no rescale)": a * kept,
    "vanilla, evaluation (x (1 - p))": a * (1 - p),
    "inverted, training (drop, / (1 - p))": inverted_train,
    "inverted, evaluation (identity)": F.dropout(a, p, training=False),
}
fig, axes = plt.subplots(len(rows), 1, figsize=(8, 7), sharex=True, sharey=True)
for ax, (title, values) in zip(axes, rows.items()):
    ax.bar(np.arange(a.numel()), values.numpy())
    ax.set_title(title, fontsize=9)
axes[-1].set_xlabel("unit")
fig.tight_layout()
plt.show()""",
        ),
    ),
)

CONV = Content(
    explanation="""\
A convolution (합성곱) slides a kernel (filter) over the input with a given **stride**;
**padding** adds zeros at both ends and **dilation** spreads the kernel's taps apart. The
length of one spatial dimension after `torch.nn.Conv1d`/`Conv2d` is

$$\\text{out} = \\left\\lfloor \\frac{n + 2\\,\\text{padding} - \\text{dilation}\\,
(\\text{kernel} - 1) - 1}{\\text{stride}} \\right\\rfloor + 1,$$

which for dilation 1 is the notes' $(n - \\text{kernel} + 2\\,\\text{padding}) /
\\text{stride} + 1$ with the fraction dropped (소수점은 버림): a 150 x 150 image and a 3 x 3
kernel with stride 1 give 148 x 148.

**Pooling** (풀링, e.g. `torch.nn.MaxPool2d`) uses the same formula, with two differences:
the stride defaults to the kernel size (MaxPool(2, 2) halves 148 to 74), and with
`ceil_mode=True` the fraction is rounded up instead, except that PyTorch drops a last
window that would start beyond the input (inside the right padding).

Some configurations make no sense (a kernel larger than the padded input, stride 0,
padding larger than half the kernel for pooling, ...): PyTorch refuses them, and your
functions raise `ValueError` for exactly those.""",
    figures=(
        Figure(
            intro="Output length of a real `torch.nn.MaxPool1d(kernel_size=3, stride=2)` "
            "as the input grows, with and without `ceil_mode`: the two differ exactly when "
            "a partial last window is allowed.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

ns = list(range(3, 21))
floor_sizes, ceil_sizes = [], []
for n in ns:
    x = torch.zeros(1, 1, n)
    floor_sizes.append(torch.nn.MaxPool1d(3, stride=2)(x).shape[-1])
    ceil_sizes.append(torch.nn.MaxPool1d(3, stride=2, ceil_mode=True)(x).shape[-1])

fig, ax = plt.subplots(figsize=(7, 3))
ax.step(ns, floor_sizes, where="mid", label="ceil_mode=False")
ax.step(ns, ceil_sizes, where="mid", ls="--", label="ceil_mode=True")
ax.set_xlabel("input length n")
ax.set_ylabel("output length")
ax.legend(fontsize=8)
plt.show()""",
        ),
    ),
)

REGULARIZATION = Content(
    explanation="""\
**Regularization (정규화, 규제)** keeps a model from overfitting by adding a penalty on
the weights to the loss, so that weights do not grow too large:

* **L1**: $\\lambda \\sum_i |w_i|$. Its gradient is $\\lambda\\,\\mathrm{sign}(w)$: the same
  pull towards 0 for every non-zero weight, which drives many of them to exactly 0. At
  $w = 0$ the absolute value has a kink; PyTorch's autograd takes the gradient **0** there.
* **L2**: $\\frac{\\lambda}{2} \\sum_i w_i^2$. Its gradient is $\\lambda w$: large weights are
  pulled back hardest. One SGD step with this gradient is exactly what
  `torch.optim.SGD(..., weight_decay=lam)` does (weight decay), which is why the factor
  $1/2$ is there.""",
    figures=(
        Figure(
            intro="The two penalties for one weight ($\\lambda = 1$) and their gradients, "
            "from PyTorch's autograd (note the L1 gradient at exactly 0).",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

w = torch.linspace(-2, 2, 401, dtype=torch.float64, requires_grad=True)
l1 = w.abs()
l1.backward(torch.ones_like(w))
l1_grad = w.grad.clone()
w.grad = None
l2 = 0.5 * w**2
l2.backward(torch.ones_like(w))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.2))
ax1.plot(w.detach(), l1.detach(), label="L1: |w|")
ax1.plot(w.detach(), l2.detach(), label="L2: w^2 / 2")
ax1.set_title("penalty")
ax2.plot(w.detach(), l1_grad, label="L1 gradient: sign(w)")
ax2.plot(w.detach(), w.grad, label="L2 gradient: w")
ax2.set_title("gradient")
for ax in (ax1, ax2):
    ax.set_xlabel("w")
    ax.legend(fontsize=8)
plt.show()""",
        ),
    ),
)

CONTENT: dict[str, Content] = {
    "activations": ACTIVATIONS,
    "batchnorm": BATCHNORM,
    "dropout": DROPOUT,
    "conv": CONV,
    "regularization": REGULARIZATION,
}
