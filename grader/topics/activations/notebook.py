"""The activations notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
An activation function makes a layer non-linear; without one, stacked layers collapse
into a single linear map.

* **Sigmoid (시그모이드)**: $\\sigma(x) = 1 / (1 + e^{-x})$, read as a probability. Its
  derivative is $\\sigma(x)\\,(1 - \\sigma(x)) \\le 1/4$. When the output is close to 0 or 1
  the derivative is close to 0, and backpropagation multiplies these small factors layer
  after layer: the gradient fades away, **vanishing gradients (기울기 소실)**.
* **ReLU**: $\\max(0, x)$. Its gradient is 1 for $x > 0$ and 0 for $x < 0$, so it does not
  saturate for positive inputs. It is not differentiable at exactly $x = 0$; PyTorch's
  convention, which the tests check, is a gradient of **0** there.
* **Tanh (쌍곡탄젠트)**: $\\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x})$, with outputs in
  $(-1, 1)$ centred on 0 (zero-centered), unlike the sigmoid's $(0, 1)$. It is a rescaled
  sigmoid: $\\tanh(x) = 2\\,\\sigma(2x) - 1$ (mind the $2x$: $2\\,\\sigma(x) - 1$, as some
  notes write it, is $\\tanh(x/2)$). Its derivative $1 - \\tanh^2(x)$ is computed from the
  **output** and reaches **1** at $x = 0$, four times the sigmoid's $1/4$; but it still
  goes to 0 for large $|x|$, so deep tanh networks also suffer from vanishing gradients.

Each backward function receives `dout`, the gradient of the loss with respect to the
function's output, and returns `dx` by the chain rule (합성함수의 미분): local derivative
times `dout`. The forward pass returns a `cache` with whatever the backward pass needs.

Numerically, `np.exp(-x)` overflows for $x < -709$: your sigmoid must stay finite and
warning-free for every finite input. The same holds for tanh, where the textbook formula
gives $\\infty / \\infty$ = nan once $e^{|x|}$ overflows: exponentiate only non-positive
numbers (or use `np.tanh`).""",
    figures=(
        Figure(
            intro="The sigmoid and its derivative, as PyTorch computes them: away from 0 "
            "the curve flattens (saturates) and the derivative, never above 1/4, goes to 0.",
            intro_ko="PyTorch가 계산한 시그모이드와 그 도함수입니다. 0에서 멀어질수록 곡선이 평평해지고"
    "(포화), 1/4을 넘지 않는 도함수는 0으로 갑니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-10, 10, 401, dtype=torch.float64, requires_grad=True)
s = torch.sigmoid(x)
s.backward(torch.ones_like(s))  # autograd: ds/dx at every point

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(x.detach(), s.detach(), label="sigmoid(x)")
ax.plot(x.detach(), x.grad, label="derivative s(1 - s)")
ax.axhline(0.25, color="gray", lw=0.8, ls=":", label="1/4, the largest derivative")
ax.axvspan(-10, -5, color="red", alpha=0.08, label="saturated: gradient ~ 0")
ax.axvspan(5, 10, color="red", alpha=0.08)
ax.set_xlabel("x")
ax.legend(loc="center left", fontsize=8)
ax.set_title("Sigmoid saturates: vanishing gradients")
plt.show()""",
        ),
        Figure(
            intro="ReLU and its gradient. The gradient jumps from 0 to 1 at $x = 0$; "
            "PyTorch takes the value **0** exactly at the kink (the red dot).",
            intro_ko="ReLU와 그 기울기입니다. 기울기는 $x = 0$에서 0에서 1로 뛰어오르는데, PyTorch는 꺾이는 "
    "바로 그 점(빨간 점)의 기울기를 **0**으로 둡니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-3, 3, 601, dtype=torch.float64, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(y))
zero = torch.zeros(1, dtype=torch.float64, requires_grad=True)
torch.relu(zero).backward(torch.ones(1, dtype=torch.float64))

fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(x.detach(), y.detach(), label="relu(x)")
ax.plot(x.detach(), x.grad, label="gradient")
ax.plot([0.0], zero.grad, "o", color="red", label=f"gradient at 0: {zero.grad.item():g}")
ax.set_xlabel("x")
ax.legend(fontsize=8)
plt.show()""",
        ),
        Figure(
            intro="Tanh against the sigmoid, and their derivatives from PyTorch's autograd. "
            "Tanh is zero-centered and twice as steep as a sigmoid stretched to $(-1, 1)$: "
            "its derivative reaches 1 at $x = 0$, the sigmoid's only 1/4. Both go to 0 "
            "away from 0 (saturation). The dots are $2\\,\\sigma(2x) - 1$: the same curve "
            "as tanh.",
            intro_ko="쌍곡탄젠트와 시그모이드, 그리고 PyTorch의 autograd로 구한 두 함수의 도함수입니다. "
    "쌍곡탄젠트는 0을 중심으로 하며(zero-centered), $(-1, 1)$ 범위로 늘린 시그모이드보다 두 "
    "배 가파릅니다: 도함수가 $x = 0$에서 1에 이르는 반면 시그모이드는 1/4에 그칩니다. 두 "
    "함수 모두 0에서 멀어지면 도함수가 0으로 갑니다(포화). 점은 $2\\,\\sigma(2x) - 1$의 "
    "값이며, 쌍곡탄젠트와 같은 곡선 위에 놓입니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-6, 6, 481, dtype=torch.float64, requires_grad=True)
t = torch.tanh(x)
t.backward(torch.ones_like(t))
tanh_grad = x.grad.clone()
x.grad = None
s = torch.sigmoid(x)
s.backward(torch.ones_like(s))
xs = x.detach()

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
ax1.plot(xs, t.detach(), label="tanh(x)")
ax1.plot(xs, s.detach(), label="sigmoid(x)")
ax1.plot(xs[::30], (2 * torch.sigmoid(2 * xs) - 1)[::30], "o", ms=3, label="2 sigmoid(2x) - 1")
ax1.axhline(0, color="gray", lw=0.6)
ax1.set_title("output: tanh in (-1, 1), sigmoid in (0, 1)")
ax2.plot(xs, tanh_grad, label="tanh'(x) = 1 - tanh(x)^2")
ax2.plot(xs, x.grad, label="sigmoid'(x) = s(1 - s)")
ax2.axhline(1.0, color="gray", lw=0.8, ls=":", label="1: tanh's largest derivative")
ax2.axhline(0.25, color="gray", lw=0.8, ls="--", label="1/4: sigmoid's largest")
ax2.set_title("derivative")
for ax in (ax1, ax2):
    ax.set_xlabel("x")
    ax.legend(loc="upper left", fontsize=7)
plt.show()""",
        ),
    ),
    explanation_ko="""\
활성화 함수는 레이어에 비선형성을 더합니다. 활성화 함수가 없으면 레이어를 아무리 쌓아도
하나의 선형 변환과 같습니다.

* **시그모이드 (sigmoid)**: $\\sigma(x) = 1 / (1 + e^{-x})$이며, 확률처럼 읽습니다.
  도함수는 $\\sigma(x)\\,(1 - \\sigma(x)) \\le 1/4$입니다. 출력이 0이나 1에 가까우면
  도함수가 0에 가까워지고, 역전파는 레이어마다 이 작은 값을 곱하므로 기울기가 점점
  사라집니다: **기울기 소실 (vanishing gradient)**.
* **ReLU**: $\\max(0, x)$. 기울기는 $x > 0$에서 1, $x < 0$에서 0이라서 양수 입력에서는
  포화되지 않습니다. 정확히 $x = 0$에서는 미분할 수 없는데, 테스트가 확인하는 PyTorch의
  약속은 그곳의 기울기를 **0**으로 두는 것입니다.
* **쌍곡탄젠트 (tanh)**: $\\tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x})$이며, 출력은
  시그모이드의 $(0, 1)$과 달리 0을 중심으로 하는(zero-centered) $(-1, 1)$ 범위에 있습니다.
  쌍곡탄젠트는 시그모이드의 크기를 바꾼 것입니다: $\\tanh(x) = 2\\,\\sigma(2x) - 1$
  ($2x$에 주의하세요. 일부 노트처럼 $2\\,\\sigma(x) - 1$로 쓰면 $\\tanh(x/2)$가 됩니다).
  도함수 $1 - \\tanh^2(x)$는 **출력**으로 계산하며, $x = 0$에서 시그모이드의 최댓값 $1/4$의
  네 배인 **1**에 이릅니다. 하지만 $|x|$가 크면 여전히 0으로 가므로, 깊은 쌍곡탄젠트
  네트워크도 기울기 소실을 겪습니다.

역전파 함수는 함수 출력에 대한 손실의 기울기 `dout`을 받아, 연쇄 법칙(합성함수의 미분)에
따라 국소 미분에 `dout`을 곱한 `dx`를 돌려줍니다. 순전파는 역전파에 필요한 값을 `cache`에
담아 돌려줍니다.

수치적으로 `np.exp(-x)`는 $x < -709$에서 오버플로가 납니다. 여러분의 시그모이드는 모든
유한한 입력에서 경고 없이 유한한 값을 돌려주어야 합니다. 쌍곡탄젠트도 마찬가지인데,
교과서 공식은 $e^{|x|}$ 값이 오버플로되는 순간 $\\infty / \\infty$ = nan이 됩니다. 0 이하인
수에만 지수 함수를 적용하세요(또는 `np.tanh` 함수를 쓰세요).""",
)
