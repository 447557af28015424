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
    figures=(
        Figure(
            intro="The spread (standard deviation) of the activations through 10 layers of "
            "256 units, for weights from `torch.nn.init`. Too small weights make the signal "
            "vanish; too large ones make a ReLU network's explode and push tanh into "
            "saturation (outputs stuck near +-1, where its gradient is almost 0). Xavier "
            "keeps a tanh network's spread, He a ReLU network's.",
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
