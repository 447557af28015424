"""The regularization notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
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
            intro_ko="가중치 하나($\\lambda = 1$)에 대한 두 페널티와 PyTorch autograd로 구한 기울기입니다 (정확히 0에서의 L1 기울기를 보세요).",
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
    explanation_ko="""\
**정규화 (regularization, 규제)**는 손실에 가중치에 대한 벌점(페널티)을 더해 가중치가 너무
커지지 않게 하여 과적합을 막습니다.

* **L1**: $\\lambda \\sum_i |w_i|$. 기울기는 $\\lambda\\,\\mathrm{sign}(w)$입니다. 0이 아닌
  모든 가중치를 같은 힘으로 0 쪽으로 당기므로 많은 가중치가 정확히 0이 됩니다. $w = 0$에서
  절댓값은 꺾이는데, PyTorch의 autograd는 그곳의 기울기를 **0**으로 둡니다.
* **L2**: $\\frac{\\lambda}{2} \\sum_i w_i^2$. 기울기는 $\\lambda w$이므로 큰 가중치일수록
  세게 당겨집니다. 이 기울기로 SGD 스텝을 한 번 밟는 것은
  `torch.optim.SGD(..., weight_decay=lam)`이 하는 일(가중치 감쇠, weight decay)과 정확히
  같으며, 그래서 $1/2$이 붙어 있습니다.""",
)
