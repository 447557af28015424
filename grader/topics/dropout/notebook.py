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
            intro_ko="$p = 0.5$일 때 드롭아웃 전후의 같은 활성값을 두 모드로 보여 줍니다. 학습 때의 마스크는 PyTorch의 드롭아웃에서 나온 것이고, 여기서는 두 방식이 같은 유닛을 버리므로 크기 조정만 다릅니다.",
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
    explanation_ko="""\
**드롭아웃 (dropout)**은 과적합을 막습니다. 학습하는 동안 각 유닛의 출력을 확률 $p$로 0으로
만들고, 단계마다 새 무작위 마스크를 쓰므로 네트워크가 어느 한 유닛에 기댈 수 없습니다. 여러
개의 가늘어진 네트워크를 한꺼번에 학습하고 테스트할 때 평균을 내는 것(앙상블)으로 볼 수도
있습니다.

$p$의 뜻에 주의하세요. PyTorch의 `torch.nn.Dropout(p)`와 이 연습 문제에서 $p$는 유닛을
**버릴** 확률이지만, 2014년 논문의 $p$는 유닛을 **남길** 확률입니다.

* **바닐라 드롭아웃** (논문의 방식): 학습할 때 유닛을 버리고 크기를 조정하지 않습니다.
  테스트할 때는 모든 유닛을 남기고 출력에 $(1 - p)$를 곱해 기댓값을 맞춥니다.
* **역 드롭아웃 (inverted dropout)** (PyTorch의 방식): 학습할 때 유닛을 버리고 남은 유닛을
  $1 / (1 - p)$로 키웁니다. 테스트할 때 (`model.eval()`) 드롭아웃은 항등 함수입니다.

여러분의 함수는 전달받은 `rng` (`numpy.random.Generator`)에서만 마스크를 뽑아야 합니다.
그래야 같은 seed가 같은 마스크를 줍니다.""",
)
