"""The dropout notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
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
