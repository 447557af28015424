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
)
