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
