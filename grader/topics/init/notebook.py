"""The init notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
**Weight initialization (가중치 초기화)** decides how large the signals are when training
starts. Each unit sums `fan_in` inputs times weights, so with weights of variance
$\\mathrm{Var}(w)$ the output's variance is about $\\mathrm{fan\\_in} \\cdot \\mathrm{Var}(w)$
times the input's. Too small and the activations (and, in backpropagation, the
gradients) shrink layer after layer, **vanishing gradients (기울기 소실)**; too large and
they blow up, **exploding gradients (기울기 폭주)**. Setting every weight to 0 is worse
still: all units compute the same thing and get the same gradient.

* **fan_in / fan_out**: PyTorch stores a weight as `(out, in, *kernel)`
  (`nn.Linear(10, 20).weight` is `20 x 10`), so `fan_in = in * prod(kernel)` and
  `fan_out = out * prod(kernel)`: a convolution's unit sees `in_channels * kH * kW` inputs.
* **Xavier (Glorot)**: $\\mathrm{Var}(w) = \\mathrm{gain}^2 \\cdot 2 / (\\mathrm{fan\\_in} +
  \\mathrm{fan\\_out})$, a compromise between the forward and the backward pass; for
  tanh/sigmoid networks.
* **He (Kaiming)**: $\\mathrm{Var}(w) = \\mathrm{gain}^2 / \\mathrm{fan}$ with one fan
  (`fan_in` by default), and gain $\\sqrt{2}$ for ReLU, which zeroes half of its inputs
  and so halves the variance (He는 Xavier와 달리 fan_out을 쓰지 않음).
* **Normal or uniform**: the normal variants use that variance directly,
  $\\mathrm{std} = \\sqrt{\\mathrm{Var}(w)}$; the uniform variants draw from $U(-b, b)$
  with $b = \\sqrt{3} \\cdot \\mathrm{std}$, which has the same variance.

`calculate_gain` gives the gain for each activation (1 for linear layers and sigmoid, 5/3
for tanh, $\\sqrt{2}$ for ReLU, $\\sqrt{2 / (1 + a^2)}$ for leaky ReLU with slope $a$).
These functions live in `torch.nn.init` ("Xavier 함수는 nn.init 패키지에 있음"); yours draw
from the `rng` they are given, and are checked statistically: range, mean, standard
deviation and a Kolmogorov-Smirnov test, each wrong at most once in 10^8 inputs.""",
    explanation_ko="""\
**가중치 초기화 (weight initialization)**는 학습을 시작할 때 신호의 크기를 결정합니다. 각
유닛은 `fan_in`개의 입력에 가중치를 곱해 더하므로, 가중치의 분산이 $\\mathrm{Var}(w)$이면
출력의 분산은 입력 분산의 약 $\\mathrm{fan\\_in} \\cdot \\mathrm{Var}(w)$배가 됩니다.
가중치가 너무 작으면 활성화 값(그리고 역전파에서는 기울기)이 레이어를 지날 때마다 줄어드는
**기울기 소실 (vanishing gradient)**이 일어나고, 너무 크면 값이 걷잡을 수 없이 커지는
**기울기 폭주 (exploding gradient)**가 일어납니다. 모든 가중치를 0으로 두는 것은 더
나쁩니다. 모든 유닛이 같은 값을 계산하고 같은 기울기를 받기 때문입니다.

* **fan_in / fan_out**: PyTorch는 가중치를 `(out, in, *kernel)` 모양으로 저장하므로
  (`nn.Linear(10, 20).weight`는 `20 x 10`), `fan_in = in * prod(kernel)`,
  `fan_out = out * prod(kernel)`입니다. 합성곱의 유닛 하나는 `in_channels * kH * kW`개의
  입력을 봅니다.
* **Xavier (Glorot)**: $\\mathrm{Var}(w) = \\mathrm{gain}^2 \\cdot 2 / (\\mathrm{fan\\_in} +
  \\mathrm{fan\\_out})$이며, 순전파와 역전파 사이의 절충안입니다. tanh/시그모이드
  네트워크에 씁니다.
* **He (Kaiming)**: 팬 하나(기본값은 `fan_in`)만 써서
  $\\mathrm{Var}(w) = \\mathrm{gain}^2 / \\mathrm{fan}$이며, ReLU에는 gain $\\sqrt{2}$를
  씁니다. ReLU는 입력의 절반을 0으로 만들어 분산을 절반으로 줄이기 때문입니다(He는 Xavier와
  달리 fan_out을 쓰지 않음).
* **정규분포 또는 균등분포**: 정규분포 버전은 이 분산을 그대로 씁니다:
  $\\mathrm{std} = \\sqrt{\\mathrm{Var}(w)}$. 균등분포 버전은
  $b = \\sqrt{3} \\cdot \\mathrm{std}$인 $U(-b, b)$에서 값을 뽑으며, 이 분포의 분산도
  같습니다.

`calculate_gain` 함수는 활성화 함수별 gain을 줍니다(선형 레이어와 시그모이드에는 1, tanh에는
5/3, ReLU에는 $\\sqrt{2}$, 음수 쪽 기울기가 $a$인 leaky ReLU에는 $\\sqrt{2 / (1 + a^2)}$).
이 함수들은 `torch.nn.init`에 있습니다("Xavier 함수는 nn.init 패키지에 있음"). 여러분의
함수는 인자로 받은 `rng`에서 값을 뽑으며, 테스트는 결과를 통계적으로 검사합니다: 범위,
평균, 표준편차, 그리고 Kolmogorov-Smirnov 검정이며, 각 검사가 잘못 판정하는 경우는 입력
10^8개에 많아야 한 번입니다.""",
    figures=(
        Figure(
            intro="The spread (standard deviation) of the activations through 10 layers of "
            "256 units, for weights from `torch.nn.init`. Too small weights make the signal "
            "vanish; too large ones make a ReLU network's explode and push tanh into "
            "saturation (outputs stuck near +-1, where its gradient is almost 0). Xavier "
            "keeps a tanh network's spread, He a ReLU network's.",
            intro_ko="`torch.nn.init`으로 만든 가중치를 쓰는, 유닛 256개짜리 레이어 10개를 지나는 동안 "
    "활성화 값이 퍼진 정도(표준편차)입니다. 가중치가 너무 작으면 신호가 사라지고, 너무 크면 "
    "ReLU 네트워크에서는 신호가 폭주하고 쌍곡탄젠트 네트워크는 포화됩니다(출력이 기울기가 "
    "거의 0인 +-1 근처에 묶임). Xavier 초기화는 tanh 네트워크의 퍼짐을, He 초기화는 ReLU "
    "네트워크의 퍼짐을 유지합니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
width, depth = 256, 10
x = torch.randn(1000, width, dtype=torch.float64)
schemes = {
    "N(0, 0.01^2)": lambda w: torch.nn.init.normal_(w, 0.0, 0.01),
    "N(0, 1)": lambda w: torch.nn.init.normal_(w, 0.0, 1.0),
    "Xavier normal (gain 5/3)": lambda w: torch.nn.init.xavier_normal_(
        w, gain=torch.nn.init.calculate_gain("tanh")
    ),
    "He normal (kaiming_normal_, relu)": lambda w: torch.nn.init.kaiming_normal_(
        w, nonlinearity="relu"
    ),
}
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, (name, act) in zip(axes, (("tanh", torch.tanh), ("ReLU", torch.relu))):
    for label, init in schemes.items():
        h, spread = x, [float(x.std())]
        with torch.no_grad():
            for _ in range(depth):
                w = init(torch.empty(width, width, dtype=torch.float64))
                h = act(h @ w.T)
                spread.append(float(h.std()))
        ax.plot(range(depth + 1), spread, marker="o", label=label)
    ax.set_yscale("log")
    ax.set_title(f"{name} network")
    ax.set_xlabel("layer")
axes[0].set_ylabel("std of the activations")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()""",
        ),
    ),
)
