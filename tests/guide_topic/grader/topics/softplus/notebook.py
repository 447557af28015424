"""The softplus notebook: its explanation and the figures drawn by code cells."""

from grader.define.notebook import Content, Figure

CONTENT = Content(
    explanation="""\
**Softplus** is a smooth ReLU: $\\log(1 + e^x)$. Its derivative is the sigmoid.""",
    figures=(
        Figure(
            intro="Softplus and ReLU, as PyTorch computes them.",
            intro_ko="PyTorch가 계산한 softplus와 ReLU입니다.",
            code="""\
%matplotlib inline
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-5, 5, 201, dtype=torch.float64)
plt.plot(x, torch.nn.functional.softplus(x), label="softplus")
plt.plot(x, torch.relu(x), label="ReLU")
plt.legend()
plt.show()""",
        ),
    ),
    explanation_ko="""\
**Softplus**는 매끄러운 ReLU입니다: $\\log(1 + e^x)$. 도함수는 시그모이드입니다.""",
)
