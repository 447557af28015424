"""The losses notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
A classifier's last layer outputs one raw score per class, a **logit (로짓)**. Two losses
(손실 함수) turn logits into a number to minimise:

* **Softmax (소프트맥스)** turns a vector of logits $z$ into probabilities:
  $\\mathrm{softmax}(z)_k = e^{z_k} / \\sum_j e^{z_j}$, positive and summing to 1 along the
  class axis (each sample on its own). Adding the same number to every logit of a sample
  changes nothing, which is how it is computed safely: subtract the sample's largest
  logit first, so that no `exp` overflows (`np.exp(710)` is already `inf`).
* **Cross-entropy (교차 엔트로피)** of a sample whose true class is $y$ is
  $-\\log \\mathrm{softmax}(z)_y$: 0 when the model puts probability 1 on the right class,
  large when it is confidently wrong. The labels are class indices (0 ... C-1), not
  **one-hot vectors (원-핫 인코딩)**: PyTorch's `F.cross_entropy` takes indices (like
  Keras's `SparseCategoricalCrossentropy`; `CategoricalCrossentropy` takes one-hot rows),
  and it **averages** over the batch. Its gradient with respect to the logits is
  remarkably simple: $(\\mathrm{softmax}(z) - \\mathrm{onehot}(y)) / N$.
  Compute $-\\log \\mathrm{softmax}(z)_y = \\log \\sum_j e^{z_j - m} - (z_y - m)$ with
  $m = \\max_j z_j$ (**log-sum-exp**): taking `np.log` of a probability that underflowed to
  0 gives `inf`.
* **Binary cross-entropy (이진 교차 엔트로피)** for one output per sample (or per element):
  $-[t \\log \\sigma(x) + (1 - t) \\log(1 - \\sigma(x))]$ with the sigmoid $\\sigma$ and a
  target $t \\in [0, 1]$, averaged over every element; its gradient is
  $(\\sigma(x) - t) / \\text{size}$. `F.binary_cross_entropy_with_logits` takes **logits**
  and applies the sigmoid itself, stably. Keras's trap: `BinaryCrossentropy()` expects
  **probabilities** (a sigmoid already applied) unless you pass `from_logits=True`;
  feeding it logits silently gives a wrong loss. The same holds for
  `CategoricalCrossentropy(from_logits=...)`.

Your functions must stay finite and warning-free for every finite logit, $\\pm 10^4$
included, and raise `ValueError` for a label outside $[0, C)$.""",
    figures=(
        Figure(
            intro="Softmax with a **temperature** $T$: $\\mathrm{softmax}(z / T)$ for the "
            "same four logits. A low temperature sharpens the distribution towards the "
            "largest logit (a one-hot vector in the limit), a high one flattens it towards "
            "uniform; the ranking never changes.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch

z = torch.tensor([2.0, 1.0, 0.2, -1.0], dtype=torch.float64)  # logits of 4 classes
temperatures = [0.25, 0.5, 1.0, 2.0, 5.0]
width = 0.8 / len(temperatures)
fig, ax = plt.subplots(figsize=(7, 3.5))
for i, t in enumerate(temperatures):
    probs = torch.softmax(z / t, dim=0)
    ax.bar(np.arange(4) + (i - 2) * width, probs.numpy(), width, label=f"T = {t:g}")
ax.set_xticks(range(4), [f"class {k}\\nlogit {v:g}" for k, v in enumerate(z.tolist())])
ax.set_ylabel("probability")
ax.legend(fontsize=8)
ax.set_title("softmax(z / T)")
plt.show()""",
        ),
        Figure(
            intro="Cross-entropy of one sample against the probability $p$ the model gives "
            "its true class: PyTorch's `F.cross_entropy` on logits whose softmax puts $p$ on "
            "class 0 is exactly $-\\log p$. Confident mistakes ($p \\to 0$) cost without "
            "bound; a confident right answer costs nearly nothing.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

p = torch.linspace(0.001, 0.999, 400, dtype=torch.float64)
# Two classes, logits log p and log(1 - p): their softmax is (p, 1 - p).
logits = torch.stack([p.log(), (1 - p).log()], dim=1)
true_class = torch.zeros(len(p), dtype=torch.long)
loss = F.cross_entropy(logits, true_class, reduction="none")

fig, ax = plt.subplots(figsize=(7, 3.2))
ax.plot(p, loss, label="F.cross_entropy = -log p")
for q in (0.05, 0.5, 0.95):
    value = F.cross_entropy(torch.tensor([[q, 1 - q]]).log(), torch.tensor([0])).item()
    ax.plot([q], [value], "o", color="red")
    offset = (6, 6) if q < 0.9 else (-80, 10)  # keep the last label inside the axes
    ax.annotate(f"p = {q:g}: {value:.2f}", (q, value), textcoords="offset points", xytext=offset)
ax.set_xlabel("probability of the true class, p")
ax.set_ylabel("loss")
ax.legend(fontsize=8)
plt.show()""",
        ),
        Figure(
            intro="The gradient of the cross-entropy with respect to the logits, from "
            "PyTorch's autograd, for one sample whose true class is 2: it is the softmax "
            "minus the one-hot vector of the label. Gradient descent raises the true "
            "class's logit and lowers the others, each in proportion to its probability.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

z = torch.tensor([[1.5, 0.3, 0.8, -1.0, 2.0]], dtype=torch.float64, requires_grad=True)
label = torch.tensor([2])
F.cross_entropy(z, label).backward()  # N = 1, so no 1/N factor here
probs = torch.softmax(z, dim=1).detach()[0]
one_hot = F.one_hot(label, num_classes=5)[0].double()

x = np.arange(5)
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.bar(x - 0.27, probs, 0.27, label="softmax(z)")
ax.bar(x, one_hot, 0.27, label="one-hot(label = 2)")
ax.bar(x + 0.27, z.grad[0], 0.27, label="autograd gradient")
ax.axhline(0, color="gray", lw=0.8)
ax.set_xticks(x, [f"class {k}" for k in x])
ax.legend(fontsize=8)
ax.set_title("d loss / d z = softmax(z) - onehot(y)")
plt.show()""",
        ),
    ),
)
