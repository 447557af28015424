"""The linear notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
A **linear layer** (선형 계층; a **fully connected layer**, 완전연결층, Keras' `Dense`,
PyTorch's `torch.nn.Linear`) connects every input to every output: output $j$ is a
weighted sum (가중합) of all inputs plus a bias (편향),
$\\text{out}_j = \\sum_i w_{ji}\\, x_i + b_j$, or for a whole batch
$\\text{out} = x\\, w^\\top + b$.

* **Layout.** PyTorch stores the weight (가중치) as **(out_features, in_features)**, one
  row per output, so the forward pass (순전파) is `x @ w.T + b`. CS231n's affine layer and
  밑바닥부터 시작하는 딥러닝's `Affine` store it the other way round, (in, out), and compute
  `x @ w`. With a square `w` both run without an error and only one is right.
* **Leading dimensions.** `x` may have any shape `(..., in_features)`: a single sample
  `(in_features,)`, a batch `(N, in_features)`, or a batch of sequences
  `(N, T, in_features)`. The layer acts on the last axis and keeps the others; nothing is
  flattened.
* **Backward pass (역전파).** `dx = dout @ w` has x's shape. The same `w` and `b` serve
  every sample and every position, so by the chain rule their gradients (기울기) are
  **sums** over all leading dimensions: `dw` (the summed outer products of `dout` and
  `x`) has w's shape (out_features, in_features), and `db` is `dout` summed down to
  shape (out_features,).
* **Parameter count (파라미터 개수).** `in_features * out_features` weights plus
  `out_features` biases (one per output): $(\\text{in} + 1) \\times \\text{out}$. The
  Keras lecture's `Dense(512)` after a 7 x 7 x 128 feature map flattened to 6,272 values
  has $(6272 + 1) \\times 512 = 3{,}211{,}776$ parameters, most of the network: that is
  why the notes add dropout there. `bias=False` drops the `out_features` biases; a
  negative size is refused by PyTorch, and so must it be by you (`ValueError`).""",
    figures=(
        Figure(
            intro="Each output of a linear layer is a weighted sum of the inputs plus a bias. "
            "A `torch.nn.Linear(4, 3)` on one input: the bars are each input's contribution "
            "$w_{ji} x_i$ to output $j$ and the bias $b_j$ (positive ones stacked above 0, "
            "negative ones below); the black marks are the layer's outputs, which they add "
            "up to.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch

torch.manual_seed(0)
layer = torch.nn.Linear(4, 3, dtype=torch.float64)
x = torch.tensor([1.0, -2.0, 0.5, 3.0], dtype=torch.float64)
with torch.no_grad():
    out = layer(x)  # shape (3,): one value per output
    parts = layer.weight * x  # (3, 4): w[j, i] * x[i], row j for output j
    bias = layer.bias.detach()

fig, ax = plt.subplots(figsize=(7, 3.5))
for j in range(3):
    pos, neg = 0.0, 0.0
    for i, value in enumerate(list(parts[j]) + [bias[j]]):
        value = float(value)
        label = (f"w[j,{i}] * x[{i}]" if i < 4 else "bias b[j]") if j == 0 else None
        ax.bar(j, value, bottom=pos if value >= 0 else neg, color=f"C{i}", label=label)
        if value >= 0:
            pos += value
        else:
            neg += value
    ax.plot(j, float(out[j]), "k_", markersize=30, mew=3)
ax.plot([], [], "k_", markersize=12, mew=3, label="layer(x)[j]")
ax.axhline(0, color="gray", lw=0.8)
ax.set_xticks(range(3), [f"output {j}" for j in range(3)])
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
ax.set_title("out[j] = sum_i w[j, i] * x[i] + b[j]")
fig.tight_layout()
plt.show()""",
        ),
        Figure(
            intro="Parameters of `torch.nn.Linear(in_features, out_features)` as the input "
            "grows, counted by PyTorch (`sum(p.numel() for p in layer.parameters())`, on the "
            "`meta` device, which allocates nothing). The count grows with in x out; the red "
            "dot is the Keras lecture's `Dense(512)` on a flattened 7 x 7 x 128 input.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch


def n_params(n_in, n_out, bias=True):
    layer = torch.nn.Linear(n_in, n_out, bias=bias, device="meta")
    return sum(p.numel() for p in layer.parameters())


inputs = [2**k for k in range(0, 16)]
fig, ax = plt.subplots(figsize=(7, 3.5))
for n_out in (1, 64, 512):
    counts = [n_params(n, n_out) for n in inputs]
    ax.loglog(inputs, counts, "o-", ms=3, label=f"out_features={n_out}")
keras = n_params(7 * 7 * 128, 512)
ax.loglog([6272], [keras], "o", color="red", ms=8, label=f"Dense(512) on 7x7x128: {keras:,}")
ax.set_xlabel("in_features")
ax.set_ylabel("parameters")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()""",
        ),
    ),
)
