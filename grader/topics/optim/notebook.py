"""The optim notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
Training moves the weights against the gradient of the loss, **gradient descent (경사 하강법)**.
PyTorch's optimizers make one such update per call of `optimizer.step()`; here each function
makes one step and returns `(new_w, new_state)`: the state is what the optimizer remembers
between steps (`None` before the first step, then what the previous call returned; exactly
what PyTorch keeps in `optimizer.state[param]`).

* **SGD**: $w \\leftarrow w - \\eta\\, g$ with the **learning rate (학습률)** $\\eta$ (`lr`). Too
  large and the steps overshoot; too small and training crawls.
* **Momentum (모멘텀)** averages past gradients so that steps keep going in consistent
  directions and oscillations cancel: PyTorch keeps a buffer
  $b \\leftarrow \\mu b + (1 - \\text{dampening})\\, g$, which starts as the first gradient
  itself, and steps by $w - \\eta b$. **Nesterov** steps by $g + \\mu b$ instead (a look
  ahead). CS231n writes $v \\leftarrow \\mu v - \\eta\\, g$, $w \\leftarrow w + v$: the same
  steps while $\\eta$ stays constant ($v = -\\eta b$), but not when a scheduler changes the
  learning rate, and not the same state.
* **Adam** (the course notes: "일반적으로는 Adam이라는 방법이 최적") keeps moving averages of
  the gradient $m$ and of its square $v$, corrects their start at zero (**bias correction**:
  $\\hat m = m / (1 - \\beta_1^t)$, $\\hat v = v / (1 - \\beta_2^t)$ with $t = 1$ on the first
  step) and steps by $\\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)$: each weight gets its own
  step size, about $\\eta$ whatever the scale of its gradient. $\\epsilon$ goes after the
  square root.
* **Weight decay (가중치 감쇠)** pulls weights towards 0. SGD and Adam add
  $\\lambda w$ to the gradient (L2, as in the regularization notebook); in Adam that term is
  then divided by $\\sqrt{\\hat v}$ like the rest, so weights with large gradients are barely
  decayed. **AdamW** decouples it: $w \\leftarrow w\\,(1 - \\eta\\lambda)$ first, then Adam's
  step of the data gradient alone.""",
    explanation_ko="""\
학습은 가중치를 손실의 기울기 반대 방향으로 옮기는 과정이며, 이것이 **경사 하강법
(gradient descent)**입니다. PyTorch의 옵티마이저는 `optimizer.step()`을 한 번 호출할
때마다 이런 갱신을 한 번 합니다. 여기서는 각 함수가 한 스텝을 수행하고
`(new_w, new_state)`를 돌려줍니다. 상태(state)는 옵티마이저가 스텝 사이에 기억하는 값으로,
첫 스텝 전에는 `None`이고 그다음부터는 이전 호출이 돌려준 값입니다. PyTorch가
`optimizer.state[param]`에 보관하는 것과 정확히 같습니다.

* **SGD**: **학습률 (learning rate)** $\\eta$ (`lr`)에 대해 $w \\leftarrow w - \\eta\\, g$입니다.
  학습률이 너무 크면 스텝이 목표를 지나쳐 버리고, 너무 작으면 학습이 느릿느릿 기어갑니다.
* **모멘텀 (momentum)**은 지난 기울기들을 평균 내어, 일관된 방향으로는 계속 나아가고 진동은
  서로 상쇄되게 합니다. PyTorch는 첫 기울기 자체로 시작하는 버퍼
  $b \\leftarrow \\mu b + (1 - \\text{dampening})\\, g$를 유지하고 $w - \\eta b$로 갱신합니다.
  **Nesterov**는 그 대신 $g + \\mu b$를 써서 갱신합니다(앞을 내다보는 방식). CS231n은
  $v \\leftarrow \\mu v - \\eta\\, g$, $w \\leftarrow w + v$로 씁니다. $\\eta$가 일정한
  동안은 ($v = -\\eta b$이므로) 같은 스텝이지만, 스케줄러가 학습률을 바꾸면 달라지고,
  저장하는 상태도 다릅니다.
* **Adam**(강의 노트: "일반적으로는 Adam이라는 방법이 최적")은 기울기의 이동 평균 $m$과 기울기
  제곱의 이동 평균 $v$를 유지하고, 둘이 0에서 출발한 것을 보정한 뒤(**편향 보정 (bias
  correction)**: $\\hat m = m / (1 - \\beta_1^t)$, $\\hat v = v / (1 - \\beta_2^t)$, 첫
  스텝에서 $t = 1$) $\\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)$만큼 움직입니다. 각
  가중치가 자기만의 스텝 크기를 가지며, 그 크기는 기울기의 스케일과 상관없이 대략
  $\\eta$입니다. $\\epsilon$은 제곱근 바깥에 더합니다.
* **가중치 감쇠 (weight decay)**는 가중치를 0 쪽으로 끌어당깁니다. SGD와 Adam은 기울기에
  $\\lambda w$를 더합니다(regularization 노트북에서처럼 L2). Adam에서는 이 항도 나머지와
  똑같이 $\\sqrt{\\hat v}$ 값으로 나누어지므로, 기울기가 큰 가중치는 거의 감쇠되지 않습니다.
  **AdamW**는 감쇠를 분리합니다(decoupled): 먼저 $w \\leftarrow w\\,(1 - \\eta\\lambda)$를
  적용한 다음, 데이터 기울기만으로 Adam의 스텝을 밟습니다.""",
    figures=(
        Figure(
            intro="SGD, SGD with momentum and Adam on a long, narrow bowl "
            "$f(x, y) = x^2 / 2 + 5 y^2$, each run by `torch.optim` for 40 steps from the "
            "same start. Plain SGD zig-zags across the narrow direction: its learning rate "
            "is limited by the steep direction. Momentum builds up speed along the long "
            "direction, overshoots and swings back. Adam moves each coordinate by about "
            "`lr` whatever the size of its gradient, so near the minimum it keeps circling "
            "unless the learning rate decreases. Which one is fastest depends on the "
            "learning rates: try others.",
            intro_ko="길고 좁은 그릇 모양의 함수 $f(x, y) = x^2 / 2 + 5 y^2$ 위에서 SGD, 모멘텀을 쓴 SGD, "
    "Adam을 비교합니다. 셋 모두 같은 시작점에서 `torch.optim`으로 40 스텝씩 실행했습니다. "
    "기본 SGD는 좁은 방향을 가로지르며 지그재그로 움직입니다. 가파른 방향 때문에 학습률을 "
    "크게 잡을 수 없기 때문입니다. 모멘텀은 긴 방향을 따라 속도를 붙여 나아가다가 목표를 지나친 뒤 "
    "되돌아옵니다. Adam은 기울기 크기와 상관없이 각 좌표를 약 `lr`만큼 움직이므로, 학습률을 "
    "줄이지 않으면 최솟값 근처에서 계속 맴돕니다. 어느 것이 가장 빠른지는 학습률에 달려 "
    "있으니 다른 값도 시도해 보세요.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch


def bowl(p):
    return 0.5 * p[0] ** 2 + 5.0 * p[1] ** 2  # a long, narrow bowl


def run(make_optimizer, steps=40):
    p = torch.tensor([-4.0, 1.5], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([p])
    points, losses = [p.detach().clone()], [bowl(p).item()]
    for _ in range(steps):
        optimizer.zero_grad()
        bowl(p).backward()  # p.grad = the gradient at p
        optimizer.step()
        points.append(p.detach().clone())
        losses.append(bowl(p).item())
    return torch.stack(points), losses


runs = {
    "SGD, lr=0.18": lambda ps: torch.optim.SGD(ps, lr=0.18),
    "SGD + momentum 0.9, lr=0.02": lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.9),
    "Adam, lr=0.3": lambda ps: torch.optim.Adam(ps, lr=0.3),
}
X, Y = torch.meshgrid(torch.linspace(-5, 5, 201), torch.linspace(-2, 2, 161), indexing="xy")
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8), width_ratios=(3, 2))
ax1.contour(X, Y, 0.5 * X**2 + 5 * Y**2, levels=15, cmap="Greys", linewidths=0.6)
for label, make in runs.items():
    points, losses = run(make)
    ax1.plot(points[:, 0], points[:, 1], "o-", ms=2.5, lw=1, label=label)
    ax2.semilogy(losses, label=label)
ax1.plot(0, 0, "k*", ms=10)
ax1.set_title("trajectories from (-4, 1.5)")
ax1.set_xlabel("x")
ax1.set_ylabel("y")
ax2.set_title("loss f(x, y) per step")
ax2.set_xlabel("step")
for ax in (ax1, ax2):
    ax.legend(fontsize=8)
plt.show()""",
        ),
    ),
)
