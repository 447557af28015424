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
    explanation_ko="""\
**선형 계층 (linear layer)**은 모든 입력을 모든 출력에 연결합니다. **완전연결층 (fully
connected layer)**이라고도 하며, Keras의 `Dense`, PyTorch의 `torch.nn.Linear`가 여기에
해당합니다. 출력 $j$는 모든 입력의 가중합에 편향을 더한 값,
$\\text{out}_j = \\sum_i w_{ji}\\, x_i + b_j$이고, 배치 전체로 쓰면
$\\text{out} = x\\, w^\\top + b$입니다.

* **가중치 모양 (layout)**. PyTorch는 가중치를 출력마다 한 행씩 **(out_features,
  in_features)** 모양으로 저장하므로 순전파는 `x @ w.T + b`입니다. CS231n의 affine 계층과
  『밑바닥부터 시작하는 딥러닝』의 `Affine` 계층은 반대로 (in, out) 모양으로 저장하고
  `x @ w`를 계산합니다. `w`가 정사각 행렬이면 두 방식 모두 오류 없이 실행되지만, 맞는 것은
  하나뿐입니다.
* **앞쪽 차원 (leading dimensions)**. `x`는 `(..., in_features)` 꼴이면 어떤 shape이든
  됩니다. 샘플 하나 `(in_features,)`, 배치 `(N, in_features)`, 시퀀스의 배치
  `(N, T, in_features)` 모두 가능합니다. 이 계층은 마지막 축에만 작용하고 나머지 축은 그대로
  둡니다. 아무것도 펼치지(flatten) 않습니다.
* **역전파 (backward pass)**. `dx = dout @ w`의 shape은 x와 같습니다. 같은 `w`와 `b`가 모든
  샘플, 모든 위치에 쓰이므로, 연쇄 법칙에 따라 이들의 기울기는 모든 앞쪽 차원에 걸친
  **합**입니다. `dw`(`dout`과 `x`의 외적을 모두 더한 것)는 `w`와 shape이 같은
  (out_features, in_features)이고, `db`는 `dout`을 더해서 shape이 (out_features,)인 벡터로
  만든 것입니다.
* **파라미터 개수**. 가중치 `in_features * out_features`개에 출력마다 하나씩 있는 편향
  `out_features`개를 더하면 $(\\text{in} + 1) \\times \\text{out}$개입니다. Keras 강의에서
  7 x 7 x 128 특성 맵을 펼친 6,272개 값 뒤에 놓인 `Dense(512)`는 파라미터가
  $(6272 + 1) \\times 512 = 3{,}211{,}776$개로, 네트워크 전체 파라미터의 대부분을 차지합니다.
  노트에서 바로 그 자리에 드롭아웃을 넣는 이유가 이것입니다. `bias=False`이면 편향
  `out_features`개가 빠집니다. 크기가 음수이면 PyTorch가 거부하므로, 여러분의 함수도
  거부해야 합니다(`ValueError`).""",
    figures=(
        Figure(
            intro="Each output of a linear layer is a weighted sum of the inputs plus a bias. "
            "A `torch.nn.Linear(4, 3)` on one input: the bars are each input's contribution "
            "$w_{ji} x_i$ to output $j$ and the bias $b_j$ (positive ones stacked above 0, "
            "negative ones below); the black marks are the layer's outputs, which they add "
            "up to.",
            intro_ko="선형 계층의 각 출력은 입력의 가중합에 편향을 더한 값입니다. 입력 하나에 "
    "`torch.nn.Linear(4, 3)`을 적용한 결과로, 막대는 출력 $j$에 대한 각 입력의 기여 "
    "$w_{ji} x_i$와 편향 $b_j$입니다(양수는 0 위로, 음수는 0 아래로 쌓았습니다). 검은 "
    "표시는 계층의 출력이며, 막대를 모두 더한 값과 같습니다.",
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
            intro_ko="입력이 커질 때 `torch.nn.Linear(in_features, out_features)`의 파라미터 수를 PyTorch로 "
    "센 값입니다(`sum(p.numel() for p in layer.parameters())`, 메모리를 전혀 할당하지 않는 "
    "`meta` 장치에서 계산). 파라미터 수는 in x out에 비례해 늘어납니다. 빨간 점은 Keras "
    "강의에서 7 x 7 x 128 입력을 펼쳐 넣은 `Dense(512)`입니다.",
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
