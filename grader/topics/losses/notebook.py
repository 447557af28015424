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
    explanation_ko="""\
분류기의 마지막 레이어는 클래스마다 가공하지 않은 점수 하나, 즉 **로짓 (logit)**을
출력합니다. 두 가지 손실 함수가 로짓을 최소화할 하나의 수로 바꿉니다.

* **소프트맥스 (softmax)**는 로짓 벡터 $z$를 확률로 바꿉니다:
  $\\mathrm{softmax}(z)_k = e^{z_k} / \\sum_j e^{z_j}$. 결과는 양수이고 클래스 축을 따라
  (샘플마다 따로) 합이 1입니다. 한 샘플의 모든 로짓에 같은 수를 더해도 결과는 변하지
  않으며, 바로 이 성질 덕분에 안전하게 계산할 수 있습니다. 먼저 그 샘플의 가장 큰 로짓을
  빼 두면 어떤 `exp`도 오버플로가 나지 않습니다(`np.exp(710)`만 해도 이미 `inf`입니다).
* 정답 클래스가 $y$인 샘플의 **교차 엔트로피 (cross-entropy)**는
  $-\\log \\mathrm{softmax}(z)_y$입니다. 모델이 정답 클래스에 확률 1을 주면 0이고, 확신을
  갖고 틀리면 커집니다. 레이블은 **원-핫 인코딩** 벡터(one-hot vector)가 아니라 클래스
  인덱스(0 ... C-1)입니다. PyTorch의 `F.cross_entropy`는 (Keras의
  `SparseCategoricalCrossentropy`처럼) 인덱스를 받고(`CategoricalCrossentropy`는 원-핫 행을
  받습니다), 배치에 대해 **평균**을 냅니다. 로짓에 대한 기울기는 놀라울 만큼 간단합니다:
  $(\\mathrm{softmax}(z) - \\mathrm{onehot}(y)) / N$.
  $m = \\max_j z_j$를 써서
  $-\\log \\mathrm{softmax}(z)_y = \\log \\sum_j e^{z_j - m} - (z_y - m)$의 꼴로
  계산하세요(**log-sum-exp**). 0으로
  언더플로된 확률에 `np.log`를 취하면 `inf`가 나옵니다.
* **이진 교차 엔트로피 (binary cross-entropy)**: 샘플마다(또는 원소마다) 출력이 하나일 때
  쓰며, 시그모이드 $\\sigma$와 목표값 $t \\in [0, 1]$에 대해
  $-[t \\log \\sigma(x) + (1 - t) \\log(1 - \\sigma(x))]$이고, 모든 원소에 대해 평균을
  냅니다. 기울기는 $(\\sigma(x) - t) / \\text{size}$입니다.
  `F.binary_cross_entropy_with_logits` 함수는 **로짓**을 받아 시그모이드를 직접, 수치적으로
  안정하게 적용합니다. Keras의 함정: `BinaryCrossentropy()`는 `from_logits=True`를 넘기지
  않으면 **확률**(이미 시그모이드를 적용한 값)을 기대합니다. 여기에 로짓을 넣으면 아무 경고
  없이 틀린 손실이 나옵니다. `CategoricalCrossentropy(from_logits=...)`도 마찬가지입니다.

여러분의 함수는 $\\pm 10^4$ 같은 값을 포함해 모든 유한한 로짓에서 경고 없이 유한한 값을
내야 하며, 레이블이 $[0, C)$ 범위를 벗어나면 `ValueError`를 일으켜야 합니다.""",
    figures=(
        Figure(
            intro="Softmax with a **temperature** $T$: $\\mathrm{softmax}(z / T)$ for the "
            "same four logits. A low temperature sharpens the distribution towards the "
            "largest logit (a one-hot vector in the limit), a high one flattens it towards "
            "uniform; the ranking never changes.",
            intro_ko="**온도 (temperature)** $T$를 넣은 소프트맥스: 같은 네 로짓에 대한 "
    "$\\mathrm{softmax}(z / T)$입니다. 온도가 낮으면 분포가 가장 큰 로짓 쪽으로 뾰족해지고"
    "(극한에서는 원-핫 벡터), 온도가 높으면 균등 분포 쪽으로 평평해집니다. 순위는 결코 "
    "바뀌지 않습니다.",
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
            intro_ko="샘플 하나의 교차 엔트로피를 모델이 정답 클래스에 주는 확률 $p$에 따라 그렸습니다. "
    "소프트맥스가 클래스 0에 $p$를 주는 로짓에 PyTorch의 `F.cross_entropy`를 적용하면 "
    "정확히 $-\\log p$입니다. 확신에 찬 오답($p \\to 0$)의 비용은 한없이 커지고, 확신에 찬 "
    "정답의 비용은 거의 0입니다.",
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
            intro_ko="정답 클래스가 2인 샘플 하나에 대해 PyTorch의 autograd로 구한, 로짓에 대한 교차 "
    "엔트로피의 기울기입니다. 이 기울기는 소프트맥스에서 레이블의 원-핫 벡터를 뺀 값입니다. "
    "경사 하강법은 정답 클래스의 로짓을 올리고 나머지 로짓을 내리는데, 그 크기는 각 클래스의 "
    "확률에 비례합니다.",
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
