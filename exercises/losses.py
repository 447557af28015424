"""Losses for classification: softmax, softmax cross-entropy, binary cross-entropy.

Implement each function with NumPy only (no torch, no scipy).  Logits are float64 arrays
of raw scores (before softmax or sigmoid); every function must stay finite and emit no
NumPy warnings for every finite input, including huge logits such as +-1e4 (where
np.exp overflows), and must not modify its inputs.  ``pytest exercises/ -m losses``
checks your work against PyTorch; ``pytest exercises/ -m softmax`` checks one function.

분류 문제의 손실 함수(loss function)를 NumPy로 구현하세요: 소프트맥스(softmax),
소프트맥스 교차 엔트로피(cross-entropy), 이진 교차 엔트로피(binary cross-entropy).
로짓(logit)은 소프트맥스나 시그모이드를 거치기 전의 점수입니다. ±1e4처럼 아주 큰
로짓에서도 경고 없이 유한한 값을 내야 하고, 입력 배열은 바꾸지 않습니다.
"""

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along one axis: out = exp(x) / sum(exp(x)) over that axis.

    Args:
        x: float64 array of any shape with at least one dimension (1-D, 2-D, 3-D...).
        axis: the axis to normalise along, negative values counting from the end
            (default -1, the last axis: for logits of shape (N, C), each row).

    Returns:
        out, float64, x's shape: every slice along ``axis`` is positive or zero and sums
        to 1. Each slice is normalised on its own, never the whole array at once.

    Convention: must be finite and emit no NumPy warnings for every finite x, including
    logits such as 1e4 where np.exp(x) overflows. Softmax does not change when the same
    number is subtracted from a whole slice, so subtract each slice's max first
    (np.max(..., axis=axis, keepdims=True)). An all-equal slice gives 1 / (its length)
    everywhere; a slice of length 1 gives 1.
    PyTorch counterpart: ``torch.softmax(x, dim=axis)``.

    소프트맥스: 지정한 축(axis)을 따라 out = exp(x) / sum(exp(x)). 축을 따라 자른 조각마다
    따로 합이 1이 되게 정규화합니다 (배열 전체가 아님). 기본값 axis = -1은 마지막 축,
    (N, C) 로짓이면 행마다입니다. 규칙: x = 1e4처럼 큰 로짓에서 np.exp(x)는 overflow되므로,
    조각마다 최댓값을 먼저 빼세요 (np.max(..., axis=axis, keepdims=True)). 같은 수를 빼도
    소프트맥스 값은 변하지 않습니다. 모든 유한한 x에서 경고 없이 유한한 값을 내야 하고,
    x는 바꾸지 않습니다 (x -= ... 금지).
    """
    raise NotImplementedError(
        "softmax is not implemented yet: read its docstring in "
        "exercises/losses.py, then replace this line with your code."
    )


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy (the softmax loss), averaged over the batch, and its gradient.

    Args:
        logits: float64 array of shape (N, C): N samples, C classes (N >= 1, C >= 1),
            raw scores before softmax.
        labels: integer array of shape (N,) (np.int64, as np.array([2, 0, 1]) gives; any
            NumPy integer dtype is accepted), labels[i] = the true class of sample i, in
            [0, C). Class indices, not one-hot rows.

    Returns:
        (loss, dlogits):
        ``loss``, a Python float (a NumPy float64 scalar is accepted too):
        the mean over the N samples of -log(softmax(logits[i])[labels[i]]);
        ``dlogits``, float64 array of shape (N, C), the gradient of ``loss``:
        (softmax(logits) - onehot(labels)) / N.

    Raises:
        ValueError: if any label is outside [0, C). (Beware: NumPy's indexing silently
        wraps a label of -1 around to the last class.)

    Conventions (PyTorch's): the loss is the MEAN over samples (reduction='mean'), so the
    gradient carries the factor 1 / N. Finite and warning-free for every finite logit,
    +-1e4 included: compute -log(softmax) as log(sum(exp(shifted))) - shifted[label] with
    shifted = logits - row max (log-sum-exp), never np.log of a softmax that may be 0.
    PyTorch counterpart: ``F.cross_entropy(logits, labels)`` (= ``nn.CrossEntropyLoss()``,
    which takes logits, not probabilities, and labels of dtype torch.long) and its
    autograd gradient. PyTorch refuses out-of-range labels too, except -100, its default
    ``ignore_index`` (rows it skips): this exercise has no ignore_index, -100 is refused.

    소프트맥스 교차 엔트로피 손실과 그 기울기. logits는 (N, C), labels는 정답 클래스 번호가
    담긴 정수 배열 (N,)입니다 (원-핫 인코딩이 아니라 클래스 번호, np.int64 등 정수 dtype).
    loss는 샘플마다의 -log(softmax(logits[i])[labels[i]])를 N개에 대해 평균 낸 float
    하나이고 (합이 아니라 평균), dlogits = (softmax(logits) - onehot(labels)) / N 입니다.
    규칙: ±1e4 같은 로짓에서도 유한해야 하므로 log(softmax)를 그대로 계산하지 말고
    (softmax가 0으로 underflow되면 log(0) = -inf) log-sum-exp 꼴로 계산하세요. 레이블이
    [0, C) 밖이면 ValueError를 일으키세요 (NumPy 인덱싱은 -1을 마지막 클래스로 조용히
    바꿔 버립니다). 입력 배열은 바꾸지 않습니다.
    """
    raise NotImplementedError(
        "softmax_cross_entropy is not implemented yet: read its docstring in "
        "exercises/losses.py, then replace this line with your code."
    )


def binary_cross_entropy_with_logits(
    logits: np.ndarray, targets: np.ndarray
) -> tuple[float, np.ndarray]:
    """Binary cross-entropy on logits (sigmoid included), averaged over every element.

    Args:
        logits: float64 array of any shape: raw scores x, before the sigmoid.
        targets: float64 array of the same shape, values in [0, 1] (0 or 1 for hard
            labels; values in between, "soft targets", are allowed).

    Returns:
        (loss, dlogits):
        ``loss``, a Python float (a NumPy float64 scalar is accepted too): the mean over
        ALL elements of -[t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x))];
        ``dlogits``, float64 array of logits' shape, the gradient of ``loss``:
        (sigmoid(x) - t) / (number of elements).

    Conventions (PyTorch's): the mean is over every element (reduction='mean'), not over
    the first axis only. The inputs are LOGITS, not probabilities: this is Keras's
    ``BinaryCrossentropy(from_logits=True)``; a plain ``BinaryCrossentropy()`` expects
    probabilities (the output of a sigmoid) and gives wrong losses when fed logits.
    Finite and warning-free for every finite logit: computed naively, sigmoid(x) rounds to
    exactly 1 for x above about 37 (and to 0 below about -709, where exp(-x) overflows),
    and log(1 - s) or log(s) is then log(0) = -inf. Use the stable form
    max(x, 0) - x * t + log(1 + exp(-|x|)) (np.log1p) and a sigmoid that only
    exponentiates -|x|.
    PyTorch counterpart: ``F.binary_cross_entropy_with_logits(logits, targets)``
    (= ``nn.BCEWithLogitsLoss()``) and its autograd gradient.

    로짓을 받는 이진 교차 엔트로피 (시그모이드 포함). logits와 targets는 같은 shape이고
    targets는 [0, 1] 안의 값입니다 (0과 1 사이의 soft target도 허용). loss는 모든 원소에
    대한 -[t log σ(x) + (1 - t) log(1 - σ(x))]의 평균 (첫 번째 축만이 아니라 전체 평균)인
    float 하나이고, dlogits = (σ(x) - t) / (원소 개수)입니다. 주의: 입력은 확률이 아니라
    로짓입니다. Keras로 말하면 BinaryCrossentropy(from_logits=True)이고, 그냥
    BinaryCrossentropy()는 확률(시그모이드의 출력)을 기대합니다. 규칙: 그대로 계산하면
    x가 약 37보다 클 때 sigmoid(x)가 정확히 1로 반올림되고 (약 -709보다 작으면 exp(-x)가
    overflow되어 0이 되고), 그러면 log(1 - s)나 log(s)가 log(0) = -inf가 됩니다. 안정적인
    식 max(x, 0) - x * t + log(1 + exp(-|x|)) (np.log1p)을 쓰세요. 입력 배열은 바꾸지
    않습니다.
    """
    raise NotImplementedError(
        "binary_cross_entropy_with_logits is not implemented yet: read its docstring in "
        "exercises/losses.py, then replace this line with your code."
    )
