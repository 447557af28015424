"""The conv notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
A convolution (합성곱) slides a kernel (filter, 필터/커널) over the input with a given
**stride** (스트라이드); **padding** (패딩) adds zeros at both ends and **dilation** spreads
the kernel's taps apart. The length of one spatial dimension after
`torch.nn.Conv1d`/`Conv2d` is

$$\\text{out} = \\left\\lfloor \\frac{n + 2\\,\\text{padding} - \\text{dilation}\\,
(\\text{kernel} - 1) - 1}{\\text{stride}} \\right\\rfloor + 1,$$

which for dilation 1 is the notes' $(n - \\text{kernel} + 2\\,\\text{padding}) /
\\text{stride} + 1$ with the fraction dropped (소수점은 버림): a 150 x 150 image and a 3 x 3
kernel with stride 1 give 148 x 148.

**Pooling** (풀링, e.g. `torch.nn.MaxPool2d`) uses the same formula, with two differences:
the stride defaults to the kernel size (MaxPool(2, 2) halves 148 to 74), and with
`ceil_mode=True` the fraction is rounded up instead, except that PyTorch drops a last
window that would start beyond the input (inside the right padding).

Some configurations make no sense (a kernel larger than the padded input, stride 0,
padding larger than half the kernel for pooling, ...): PyTorch refuses them, and your
functions raise `ValueError` for exactly those.

**The layers.** Images are (N, C, H, W): batch, channels, height, width (PyTorch's
channels-first layout; Keras uses (N, H, W, C)). A conv layer has F filters of shape
(C, KH, KW), each spanning all C input channels, and one bias per filter: output channel
$f$ at position $(i, j)$ is

$$\\text{out}[n, f, i, j] = b_f + \\sum_{c, u, v} w[f, c, u, v]\\;
x_{\\text{pad}}[n, c, i\\,s_h + u, j\\,s_w + v].$$

This is **cross-correlation (교차 상관)**: the kernel is *not* flipped, unlike the
convolution of signal processing; every deep-learning library calls it convolution
anyway. The filter values play the role of a perceptron's weights (notes: "convolution의
filter값이 perceptron의 weight값으로 들어감"), so the layer has
$F \\cdot (C \\cdot KH \\cdot KW + 1)$ parameters: $(3 \\cdot 3 \\cdot 32 + 1) \\cdot 64$ for the
notes' second Keras layer.

In the backward pass (역전파) every weight was used by every window of every sample, so
`dw` and `db` sum over the batch and all output positions; an input element collects the
gradient of each window it was in (windows overlap when the stride is smaller than the
kernel), and the padding gets none. **Max pooling** (최대 풀링) passes each window's
gradient to its maximum only; on ties PyTorch picks the first maximum in row-major order;
**average pooling** (평균 풀링) shares it equally, divided by the window size.""",
    figures=(
        Figure(
            intro="Output length of a real `torch.nn.MaxPool1d(kernel_size=3, stride=2)` "
            "as the input grows, with and without `ceil_mode`: the two differ exactly when "
            "a partial last window is allowed.",
            intro_ko="실제 `torch.nn.MaxPool1d(kernel_size=3, stride=2)`의 출력 길이를 입력 길이에 따라 "
    "`ceil_mode`가 있을 때와 없을 때로 나누어 보여 줍니다. 두 값은 부분적인 마지막 창이 "
    "허용될 때에만 다릅니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

ns = list(range(3, 21))
floor_sizes, ceil_sizes = [], []
for n in ns:
    x = torch.zeros(1, 1, n)
    floor_sizes.append(torch.nn.MaxPool1d(3, stride=2)(x).shape[-1])
    ceil_sizes.append(torch.nn.MaxPool1d(3, stride=2, ceil_mode=True)(x).shape[-1])

fig, ax = plt.subplots(figsize=(7, 3))
ax.step(ns, floor_sizes, where="mid", label="ceil_mode=False")
ax.step(ns, ceil_sizes, where="mid", ls="--", label="ceil_mode=True")
ax.set_xlabel("input length n")
ax.set_ylabel("output length")
ax.legend(fontsize=8)
plt.show()""",
        ),
        Figure(
            intro="A 3 x 3 kernel sliding over a 7 x 7 image with stride 2 and padding 1, "
            "computed by `F.conv2d`. Left: the zero-padded input, with every window position "
            "outlined and one window in red; middle: the kernel (a vertical-edge filter, "
            "used as it is, not flipped); right: the 4 x 4 output, the red window's value "
            "outlined in red.",
            intro_ko="7 x 7 이미지 위를 3 x 3 커널이 스트라이드 2, 패딩 1로 움직이는 모습을 `F.conv2d` 함수로 "
    "계산했습니다. 왼쪽: 0으로 패딩한 입력이며, 모든 창 위치의 테두리를 그렸고 그중 한 창은 "
    "빨간색입니다. 가운데: 커널(세로 경계선 필터이며, 뒤집지 않고 그대로 씁니다). 오른쪽: "
    "4 x 4 출력이며, 빨간 창에 해당하는 값의 테두리를 빨간색으로 그렸습니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle

x = torch.zeros(1, 1, 7, 7, dtype=torch.float64)
x[0, 0, 1:6, 2:5] = 1.0  # a bright bar on a dark background
w = torch.tensor([[[[1.0, 0.0, -1.0]] * 3]], dtype=torch.float64)  # (F, C, KH, KW)
stride, padding = 2, 1
out = F.conv2d(x, w, stride=stride, padding=padding)
xpad = F.pad(x, (padding,) * 4)  # only to draw the padded input
chosen = (1, 2)  # the output position whose window is drawn in red

fig, axes = plt.subplots(1, 3, figsize=(12, 4))
axes[0].imshow(xpad[0, 0], cmap="gray", vmin=-0.5, vmax=1.5)
for i in range(out.shape[2]):
    for j in range(out.shape[3]):
        red = (i, j) == chosen
        corner = (j * stride - 0.5, i * stride - 0.5)
        axes[0].add_patch(Rectangle(corner, 3, 3, fill=False, lw=2.5 if red else 0.8,
                                    ec="red" if red else "tab:blue", zorder=3 if red else 2))
axes[0].set_title(f"padded input {tuple(xpad.shape[2:])}, stride {stride}")
for ax, data, title in ((axes[1], w[0, 0], "kernel (not flipped)"),
                        (axes[2], out[0, 0], f"output {tuple(out.shape[2:])}")):
    ax.imshow(data, cmap="coolwarm", vmin=-3, vmax=3)
    for (i, j), value in zip(torch.cartesian_prod(*map(torch.arange, data.shape)).tolist(),
                             data.flatten().tolist()):
        ax.text(j, i, f"{value:g}", ha="center", va="center")
    ax.set_title(title)
axes[2].add_patch(Rectangle((chosen[1] - 0.5, chosen[0] - 0.5), 1, 1, fill=False,
                            ec="red", lw=2.5))
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()""",
        ),
        Figure(
            intro="Max vs average pooling (2 x 2, stride 2) of the same input, forward "
            "(top) and backward (bottom: autograd's gradient for an upstream gradient of "
            "ones). Max pooling sends each window's gradient to one element, its maximum "
            "(in the top-left window two elements tie at 7: the first one wins); average "
            "pooling gives every element a quarter.",
            intro_ko="같은 입력에 대한 최대 풀링과 평균 풀링(2 x 2, 스트라이드 2)의 순전파(위)와 역전파(아래: "
    "위층에서 내려온 기울기가 모두 1일 때 autograd가 구한 기울기)입니다. 최대 풀링은 각 창의 "
    "기울기를 원소 하나, 즉 그 창의 최댓값에만 보냅니다(왼쪽 위 창에서는 두 원소가 7로 "
    "같은데, 첫 번째 원소가 이깁니다). 평균 풀링은 모든 원소에 4분의 1씩 나눠 줍니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

x = torch.tensor([[[[1.0, 7.0, 2.0, 0.0],
                    [7.0, 3.0, 5.0, 4.0],
                    [0.0, 2.0, 8.0, 1.0],
                    [6.0, 1.0, 3.0, 9.0]]]], dtype=torch.float64)
results = {}
for name, pool in (("max pooling", F.max_pool2d), ("average pooling", F.avg_pool2d)):
    xt = x.clone().requires_grad_(True)
    out = pool(xt, 2)  # stride defaults to the kernel size
    out.backward(torch.ones_like(out))
    results[name] = (out.detach()[0, 0], xt.grad[0, 0])

fig, axes = plt.subplots(2, 3, figsize=(10, 6.5))
panels = [(axes[0, 0], x[0, 0], "input"), (axes[1, 0], None, "")]
for col, (name, (out, dx)) in enumerate(results.items(), start=1):
    panels += [(axes[0, col], out, f"{name}: out"), (axes[1, col], dx, f"{name}: dx")]
for ax, data, title in panels:
    ax.set_xticks([])
    ax.set_yticks([])
    if data is None:
        ax.axis("off")
        continue
    ax.imshow(data, cmap="viridis")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            ax.text(j, i, f"{data[i, j].item():g}", ha="center", va="center", color="w")
    ax.set_title(title)
plt.show()""",
        ),
    ),
    explanation_ko="""\
합성곱(convolution)은 커널(필터)을 정해진 **스트라이드 (stride)**만큼씩 옮기며 입력 위를
훑습니다. **패딩 (padding)**은 양 끝에 0을 덧붙이고, **dilation**은 커널의 탭 사이를
벌립니다. `torch.nn.Conv1d`/`Conv2d`를 거친 뒤 한 공간 차원의 길이는 다음과 같습니다.

$$\\text{out} = \\left\\lfloor \\frac{n + 2\\,\\text{padding} - \\text{dilation}\\,
(\\text{kernel} - 1) - 1}{\\text{stride}} \\right\\rfloor + 1,$$

dilation이 1이면 이 식은 강의 노트의 $(n - \\text{kernel} + 2\\,\\text{padding}) /
\\text{stride} + 1$에서 소수점을 버린 값과 같습니다. 150 x 150 이미지에 3 x 3 커널을
스트라이드 1로 적용하면 148 x 148이 됩니다.

**풀링 (pooling)** (예: `torch.nn.MaxPool2d`)도 같은 공식을 쓰지만 두 가지가 다릅니다.
스트라이드의 기본값은 커널 크기이고 (MaxPool(2, 2)는 148을 절반인 74로 줄입니다),
`ceil_mode=True`이면 소수점을 올림합니다. 다만 PyTorch는 입력 밖(오른쪽 패딩 안)에서
시작하는 마지막 창은 버립니다.

말이 안 되는 설정(패딩한 입력보다 큰 커널, 스트라이드 0, 풀링에서 커널 절반보다 큰 패딩
등)은 PyTorch가 거부하며, 여러분의 함수도 바로 그런 경우에 `ValueError`를 일으켜야 합니다.

**레이어.** 이미지는 (N, C, H, W), 즉 배치, 채널, 높이, 너비 순서입니다(PyTorch의 채널 우선
(channels-first) 배열이며, Keras는 (N, H, W, C)를 씁니다). 합성곱 레이어는 (C, KH, KW)
모양의 필터 F개를 가지며, 각 필터는 입력 채널 C개 전체에 걸쳐 있고 필터마다 편향이 하나씩
있습니다. 위치 $(i, j)$에서 출력 채널 $f$의 값은 다음과 같습니다.

$$\\text{out}[n, f, i, j] = b_f + \\sum_{c, u, v} w[f, c, u, v]\\;
x_{\\text{pad}}[n, c, i\\,s_h + u, j\\,s_w + v].$$

이것은 **교차 상관 (cross-correlation)**입니다. 신호 처리의 합성곱과 달리 커널을
뒤집지 *않습니다*. 그래도 모든 딥러닝 라이브러리가 이것을 합성곱이라고 부릅니다. 필터 값은
퍼셉트론의 가중치 역할을 하므로(노트: "convolution의 filter값이 perceptron의 weight값으로
들어감"), 이 레이어의 파라미터는 $F \\cdot (C \\cdot KH \\cdot KW + 1)$개입니다. 노트에 나온
Keras의 두 번째 레이어라면 $(3 \\cdot 3 \\cdot 32 + 1) \\cdot 64$개입니다.

역전파에서는 모든 가중치가 모든 샘플의 모든 창에서 쓰였으므로, `dw`와 `db`는 배치와 모든
출력 위치에 걸쳐 더합니다. 입력 원소 하나는 자신이 들어 있던 모든 창의 기울기를 모읍니다
(스트라이드가 커널보다 작으면 창이 서로 겹칩니다). 패딩에는 기울기가 전달되지 않습니다.
**최대 풀링 (max pooling)**은 각 창의 기울기를 그 창의 최댓값에만 전달합니다. 최댓값이 여러
개이면 PyTorch는 행 우선(row-major) 순서로 첫 번째 최댓값을 고릅니다. **평균 풀링 (average
pooling)**은 기울기를 창 크기로 나누어 모든 원소에 똑같이 나눠 줍니다.""",
)
