"""The batchnorm notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
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
