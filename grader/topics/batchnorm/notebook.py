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
$\\mu$ and $\\sigma^2$ depend on every $x$ of the column.

**Layer normalization (레이어 정규화)** applies the same formula along the other axis:
the mean and (biased) variance of each **sample** (row) over its D features, **axis 1**,
where batch normalization (배치 정규화) takes those of each **feature** (column) over the
batch, **axis 0**. $\\gamma$ and $\\beta$ still have one entry per feature, shared by
every row. Because no statistic crosses the batch, layer norm

* works with a single sample (N = 1), where batch norm in training must refuse;
* has no running statistics and no train/eval modes: it computes the same thing in
  training and in evaluation (`torch.nn.LayerNorm`, `F.layer_norm(x, (D,), gamma, beta)`);
* gives each row an output independent of the other rows. A row whose values are all
  equal has variance 0, and its output is $\\beta$ ($\\epsilon$ inside the square root
  keeps it from being 0/0).

Its backward pass is batch norm's with the means taken along each row (the count is D,
not N), while $d\\gamma$ and $d\\beta$ are still summed over the batch.""",
    figures=(
        Figure(
            intro="Batch statistics vs running statistics: a real `torch.nn.BatchNorm1d` "
            "in training mode sees 60 batches of one feature whose mean drifts. Each batch "
            "mean is noisy; the running mean (momentum 0.1) follows it smoothly, and is "
            "what evaluation mode uses.",
            intro_ko="배치 통계와 running 통계: 실제 `torch.nn.BatchNorm1d`가 학습 모드에서 평균이 천천히 "
    "움직이는 특성 하나의 배치 60개를 봅니다. 배치 평균은 들쭉날쭉하지만 running 평균"
    "(momentum 0.1)은 부드럽게 따라가며, 평가 모드에서 쓰는 값이 바로 이것입니다.",
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
        Figure(
            intro="Which axis: the same batch of 4 samples x 6 features (rows on very "
            "different scales) normalised by PyTorch's batch norm (training mode, "
            "$\\gamma = 1$, $\\beta = 0$) and layer norm. Batch norm gives every **column** "
            "mean 0 and variance 1, so a sample's values depend on the others; layer norm "
            "gives every **row** mean 0 and variance 1, each sample on its own.",
            intro_ko="어느 축인가: 샘플 4개 x 특성 6개로 된 같은 배치(행마다 스케일이 크게 다름)를 PyTorch의 "
    "배치 정규화(학습 모드, $\\gamma = 1$, $\\beta = 0$)와 레이어 정규화로 각각 정규화했습니다. "
    "배치 정규화는 모든 **열**의 평균을 0, 분산을 1로 만들므로 한 샘플의 값이 다른 샘플에 "
    "좌우됩니다. 레이어 정규화는 모든 **행**의 평균을 0, 분산을 1로 만들며, 각 샘플을 따로 "
    "다룹니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(1)
scales = np.array([[0.5], [1.0], [3.0], [10.0]])  # one scale per sample (row)
x = torch.tensor(rng.normal(size=(4, 6)) * scales + scales)
batch = F.batch_norm(x, None, None, training=True)  # statistics of each column
layer = F.layer_norm(x, (6,))  # statistics of each row

panels = {
    "input x (N = 4, D = 6)": x,
    "batch norm: columns, axis 0": batch,
    "layer norm: rows, axis 1": layer,
}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.2))
for ax, (title, values) in zip(axes, panels.items()):
    v = values.numpy()
    ax.imshow(v, cmap="coolwarm", vmin=-np.abs(v).max(), vmax=np.abs(v).max())
    for (i, j), value in np.ndenumerate(v):
        ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=7)
    ax.set_title(title, fontsize=9)
    ax.set_xticks(range(6))
    ax.set_yticks(range(4))
    ax.set_xlabel("feature")
    ax.set_ylabel("sample")
fig.tight_layout()
plt.show()
print("batch norm, mean of each column:", batch.mean(0).numpy().round(6))
print("layer norm, mean of each row:   ", layer.mean(1).numpy().round(6))""",
        ),
    ),
    explanation_ko="""\
**배치 정규화 (batch normalization)**는 각 특성을 미니배치에 걸쳐 정규화합니다. shape이
(N, D)인 $x$의 각 열에 대해 배치 평균 $\\mu$와 배치 분산 $\\sigma^2$을 써서
$\\hat{x} = (x - \\mu) / \\sqrt{\\sigma^2 + \\epsilon}$을 구한 뒤 $y = \\gamma \\hat{x} + \\beta$를
계산합니다. 확대를 맡는 $\\gamma$와 이동을 맡는 $\\beta$는 학습되는 값이고, 처음에는
$\\gamma = 1$, $\\beta = 0$입니다. 작은 $\\epsilon$은 값이 일정한 특성에서 0으로 나누지 않게
해 줍니다.

출력이 어떤 샘플과 같은 배치에 들어 있는지에 따라 달라지므로 두 가지 모드가 있습니다.

* **학습 모드** (`model.train()`): 배치 통계로 정규화하고, running 통계(강의 노트의
  "learning mean / learning variance")를 갱신합니다. PyTorch의 규칙은
  `running = (1 - momentum) * running + momentum * batch_stat`이고, `running_var`에
  들어가는 분산은 **불편 분산**(N - 1로 나눔)인 반면 정규화 자체에는 **편향 분산**(N으로
  나눔)을 씁니다. N = 1이면 추정할 분산이 없으므로 PyTorch는 거부하고, 여러분의 함수도
  거부해야 합니다.
* **평가 모드** (`model.eval()`): 저장된 running 통계로 정규화하므로 출력이 배치의 다른
  샘플에 좌우되지 않습니다.

역전파는 $x$, $\\gamma$, $\\beta$에 대한 기울기를 돌려줍니다. $\\mu$와 $\\sigma^2$ 모두 그
열의 모든 $x$에 의존한다는 점을 잊지 마세요.

**레이어 정규화 (layer normalization)**는 같은 공식을 다른 축을 따라 적용합니다. 배치
정규화가 각 **특성**(열)의 평균과 분산을 배치에 걸쳐(**axis 0**) 구하는 데 비해, 레이어
정규화는 각 **샘플**(행)의 평균과 (편향) 분산을 그 샘플의 D개 특성에 걸쳐(**axis 1**)
구합니다. $\\gamma$와 $\\beta$는 여전히 특성마다 하나씩이고, 모든 행이 함께 씁니다. 어떤
통계도 배치를 가로지르지 않으므로 레이어 정규화는

* 샘플 하나(N = 1)로도 동작합니다. 학습 모드의 배치 정규화라면 거부해야 하는 경우입니다.
* running 통계도, 학습/평가 모드 구분도 없습니다. 학습할 때와 평가할 때 똑같이 계산합니다
  (`torch.nn.LayerNorm`, `F.layer_norm(x, (D,), gamma, beta)`).
* 각 행의 출력이 다른 행과 무관합니다. 값이 모두 같은 행은 분산이 0이고, 그 출력은
  $\\beta$입니다(제곱근 안의 $\\epsilon$ 덕분에 0/0이 되지 않습니다).

레이어 정규화의 역전파는 배치 정규화의 역전파와 같되 평균을 각 행을 따라 구하고(개수가
N이 아니라 D), $d\\gamma$와 $d\\beta$는 여전히 배치에 걸쳐 더합니다.""",
)
