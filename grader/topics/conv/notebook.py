"""The conv notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
A convolution (합성곱) slides a kernel (filter) over the input with a given **stride**;
**padding** adds zeros at both ends and **dilation** spreads the kernel's taps apart. The
length of one spatial dimension after `torch.nn.Conv1d`/`Conv2d` is

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
functions raise `ValueError` for exactly those.""",
    figures=(
        Figure(
            intro="Output length of a real `torch.nn.MaxPool1d(kernel_size=3, stride=2)` "
            "as the input grows, with and without `ceil_mode`: the two differ exactly when "
            "a partial last window is allowed.",
            intro_ko="실제 `torch.nn.MaxPool1d(kernel_size=3, stride=2)`의 출력 길이를 입력 길이에 따라 `ceil_mode`가 있을 때와 없을 때로 나누어 보여 줍니다. 두 값은 부분적인 마지막 창이 허용될 때에만 다릅니다.",
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
    ),
    explanation_ko="""\
합성곱(convolution)은 커널(필터)을 정해진 **stride**(보폭)만큼씩 옮기며 입력 위를 훑습니다.
**padding**은 양 끝에 0을 덧붙이고, **dilation**은 커널의 탭 사이를 벌립니다.
`torch.nn.Conv1d`/`Conv2d`를 거친 뒤 한 공간 차원의 길이는

$$\\text{out} = \\left\\lfloor \\frac{n + 2\\,\\text{padding} - \\text{dilation}\\,
(\\text{kernel} - 1) - 1}{\\text{stride}} \\right\\rfloor + 1$$

이며, dilation이 1이면 강의 노트의 $(n - \\text{kernel} + 2\\,\\text{padding}) /
\\text{stride} + 1$에서 소수점을 버린 값과 같습니다. 150 x 150 이미지에 3 x 3 커널을
stride 1로 적용하면 148 x 148이 됩니다.

**풀링 (pooling)** (예: `torch.nn.MaxPool2d`)도 같은 공식을 쓰지만 두 가지가 다릅니다.
stride의 기본값은 커널 크기이고 (MaxPool(2, 2)는 148을 74로 절반으로 줄입니다),
`ceil_mode=True`이면 소수점을 올림합니다. 다만 PyTorch는 입력 밖(오른쪽 padding 안)에서
시작하는 마지막 창은 버립니다.

말이 안 되는 설정(패딩한 입력보다 큰 커널, stride 0, 풀링에서 커널 절반보다 큰 padding 등)은
PyTorch가 거부하며, 여러분의 함수도 바로 그런 경우에 `ValueError`를 일으켜야 합니다.""",
)
