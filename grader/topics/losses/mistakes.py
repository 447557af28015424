"""Known mistakes and alternative correct solutions for losses.py.

The mistakes come from the course notes (cross-entropy on logits vs probabilities, Keras's
from_logits) and from public CS231n ``softmax.py`` / ``layers.py`` solutions: exp without
the max shift, the max over the whole array or without keepdims, the shift done in place,
log of the softmax (sometimes "fixed" with a small epsilon inside the log), the loss not
divided by N, ``probs[:, y]`` instead of ``probs[np.arange(N), y]``.
"""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text

# --- softmax ------------------------------------------------------------------------------


def softmax__no_max_shift(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax__max_of_whole_array(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax__without_keepdims(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis))
    return e / np.sum(e, axis=axis)


def softmax__sum_of_whole_array(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e)


def softmax__always_last_axis(x, axis=-1):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__shift_in_place(x, axis=-1):
    x -= np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


# --- softmax cross-entropy ------------------------------------------------------------------


def softmax_cross_entropy__log_of_softmax(logits, labels):
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(-np.mean(np.log(probs[rows, labels])))
    dlogits = probs.copy()
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / n


def softmax_cross_entropy__epsilon_in_log(logits, labels):
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(-np.mean(np.log(probs[rows, labels] + 1e-14)))
    dlogits = probs.copy()
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / n


def softmax_cross_entropy__no_max_shift(logits, labels):
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    e = np.exp(logits)
    sums = np.sum(e, axis=1)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums) - logits[rows, labels]))
    dlogits = e / sums[:, None]
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / n


def softmax_cross_entropy__loss_summed(logits, labels):
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = np.sum(e, axis=1)
    rows = np.arange(n)
    loss = float(np.sum(np.log(sums) - shifted[rows, labels]))
    dlogits = e / sums[:, None]
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / n


def softmax_cross_entropy__gradient_not_divided_by_n(logits, labels):
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = np.sum(e, axis=1)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums) - shifted[rows, labels]))
    dlogits = e / sums[:, None]
    dlogits[rows, labels] -= 1.0
    return loss, dlogits


def softmax_cross_entropy__labels_index_columns(logits, labels):
    # probs[:, labels] picks the label columns of EVERY row: an (N, N) block.
    n, c = logits.shape
    if np.any(labels < 0) or np.any(labels >= c):
        raise ValueError("label out of range")
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = np.sum(e, axis=1)
    loss = float(np.mean(np.log(sums)[:, None] - shifted[:, labels]))
    dlogits = e / sums[:, None]
    dlogits[:, labels] -= 1.0
    return loss, dlogits / n


def softmax_cross_entropy__labels_not_checked(logits, labels):
    n = logits.shape[0]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = np.sum(e, axis=1)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums) - shifted[rows, labels]))
    dlogits = e / sums[:, None]
    dlogits[rows, labels] -= 1.0
    return loss, dlogits / n


# --- binary cross-entropy -------------------------------------------------------------------


def binary_cross_entropy_with_logits__takes_probabilities(logits, targets):
    p = logits
    per_element = -(targets * np.log(p) + (1.0 - targets) * np.log(1.0 - p))
    loss = float(np.mean(per_element))
    return loss, (p - targets) / (p * (1.0 - p)) / logits.size


def binary_cross_entropy_with_logits__log_of_sigmoid(logits, targets):
    s = 1.0 / (1.0 + np.exp(-logits))
    per_element = -(targets * np.log(s) + (1.0 - targets) * np.log(1.0 - s))
    loss = float(np.mean(per_element))
    return loss, (s - targets) / logits.size


def binary_cross_entropy_with_logits__mean_over_first_axis(logits, targets):
    n = logits.shape[0]
    z = np.exp(-np.abs(logits))
    per_element = np.maximum(logits, 0.0) - logits * targets + np.log1p(z)
    loss = float(np.sum(per_element) / n)
    sig = np.where(logits >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return loss, (sig - targets) / n


def binary_cross_entropy_with_logits__gradient_not_averaged(logits, targets):
    z = np.exp(-np.abs(logits))
    per_element = np.maximum(logits, 0.0) - logits * targets + np.log1p(z)
    loss = float(np.mean(per_element))
    sig = np.where(logits >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return loss, sig - targets


MISTAKES = (
    Mistake(
        id="softmax_without_max_shift",
        topic="losses",
        title=Text("softmax without subtracting the max", "최댓값을 빼지 않은 소프트맥스"),
        explanation=Text(
            "np.exp(x) overflows to inf for x > 709 (inf / inf = nan), and a slice of very "
            "negative logits underflows to 0 everywhere (0 / 0 = nan). Subtracting each "
            "slice's max first leaves the softmax unchanged and keeps every exp in (0, 1].",
            "x > 709이면 np.exp(x)가 inf로 넘치고 (inf / inf = nan), 아주 작은 음수 로짓만 있는 "
            "조각은 exp가 모두 0이 됩니다 (0 / 0 = nan). 조각마다 최댓값을 먼저 빼도 소프트맥스 "
            "값은 그대로이고, 모든 exp가 (0, 1] 안에 들어옵니다.",
        ),
        overrides=(softmax__no_max_shift,),
    ),
    Mistake(
        id="softmax_max_of_whole_array",
        topic="losses",
        title=Text(
            "max taken over the whole array, not per slice",
            "조각마다가 아니라 배열 전체의 최댓값을 뺌",
        ),
        explanation=Text(
            "np.max(x) without an axis is the largest logit of the whole batch. A row whose "
            "logits are all far below it (0 next to a row with 1e4) underflows to exp = 0 "
            "everywhere and gives 0 / 0 = nan. Take the max of each slice: "
            "np.max(x, axis=axis, keepdims=True).",
            "axis 없는 np.max(x)는 배치 전체에서 가장 큰 로짓입니다. 로짓이 모두 그보다 훨씬 "
            "작은 행 (1e4가 있는 행 옆의 0)은 exp가 전부 0으로 underflow되어 0 / 0 = nan이 "
            "됩니다. 조각마다 최댓값을 구하세요: np.max(x, axis=axis, keepdims=True).",
        ),
        overrides=(softmax__max_of_whole_array,),
    ),
    Mistake(
        id="softmax_max_and_sum_without_keepdims",
        topic="losses",
        title=Text("max and sum without keepdims", "keepdims 없이 구한 최댓값과 합"),
        explanation=Text(
            "np.max(x, axis=axis) drops the reduced axis: for an (N, C) x and axis=-1 it "
            "has shape (N,), which NumPy lines up with the LAST axis of x, so each row is "
            "shifted by the wrong numbers or the shapes do not broadcast at all. "
            "keepdims=True keeps shape (N, 1).",
            "np.max(x, axis=axis)는 줄인 축을 없앱니다: (N, C)인 x에서 axis=-1이면 shape이 "
            "(N,)이 되고, NumPy는 이것을 x의 마지막 축에 맞춰 broadcast하므로 행마다 엉뚱한 값을 "
            "빼거나 아예 shape이 맞지 않습니다. keepdims=True로 (N, 1)을 유지하세요.",
        ),
        overrides=(softmax__without_keepdims,),
    ),
    Mistake(
        id="softmax_normalised_over_whole_array",
        topic="losses",
        title=Text(
            "divided by the sum of the whole array",
            "배열 전체의 합으로 나눔",
        ),
        explanation=Text(
            "Each sample's probabilities must sum to 1 on their own; np.sum(e) without an "
            "axis makes the whole batch sum to 1. Use np.sum(e, axis=axis, keepdims=True).",
            "샘플마다 확률의 합이 각각 1이어야 합니다. axis 없는 np.sum(e)는 배치 전체의 합을 "
            "1로 만듭니다. np.sum(e, axis=axis, keepdims=True)를 쓰세요.",
        ),
        overrides=(softmax__sum_of_whole_array,),
    ),
    Mistake(
        id="softmax_ignores_axis",
        topic="losses",
        title=Text("the axis argument is ignored", "axis 인자를 무시함"),
        explanation=Text(
            "The softmax always runs along the last axis (axis=-1 or axis=1 written in) "
            "instead of the axis asked for, like torch.softmax(x, dim=axis).",
            "소프트맥스를 요청한 축이 아니라 항상 마지막 축 (axis=-1이나 axis=1을 직접 씀)을 "
            "따라 계산했습니다. torch.softmax(x, dim=axis)처럼 주어진 축을 쓰세요.",
        ),
        overrides=(softmax__always_last_axis,),
    ),
    Mistake(
        id="softmax_shifts_input_in_place",
        topic="losses",
        title=Text("the max subtracted in place", "최댓값을 입력 배열에서 직접 뺌"),
        explanation=Text(
            "x -= np.max(...) writes into the caller's logits, which later code (the loss, "
            "the backward pass) still needs. shifted = x - np.max(...) makes a new array.",
            "x -= np.max(...)는 호출한 쪽의 로짓을 바꿉니다. 이후 코드 (손실, 역전파)는 원래 "
            "로짓이 필요합니다. shifted = x - np.max(...)로 새 배열을 만드세요.",
        ),
        overrides=(softmax__shift_in_place,),
    ),
    Mistake(
        id="cross_entropy_log_of_softmax",
        topic="losses",
        title=Text(
            "log of the softmax instead of log-sum-exp",
            "log-sum-exp 대신 소프트맥스에 log를 씌움",
        ),
        explanation=Text(
            "When the true class's logit is ~745 or more below the best one, its softmax "
            "underflows to exactly 0 and -log(0) = inf. The loss is finite: -log p = "
            "log(sum(exp(shifted))) - shifted[label], computed without ever forming p.",
            "정답 클래스의 로짓이 최댓값보다 약 745 이상 작으면 그 소프트맥스 값이 정확히 0으로 "
            "underflow되어 -log(0) = inf가 됩니다. 실제 손실은 유한합니다: p를 만들지 않고 "
            "-log p = log(sum(exp(shifted))) - shifted[정답]으로 계산하세요.",
        ),
        overrides=(softmax_cross_entropy__log_of_softmax,),
    ),
    Mistake(
        id="cross_entropy_epsilon_inside_log",
        topic="losses",
        title=Text(
            "a small epsilon added inside the log",
            "log 안에 작은 epsilon을 더함",
        ),
        explanation=Text(
            "-log(p + 1e-14) avoids the inf but caps each sample's loss at -log(1e-14) = 32.2, "
            "while the true loss of a badly wrong prediction (a gap of 2e4 between logits) is "
            "2e4. Log-sum-exp gives the exact value with no epsilon.",
            "-log(p + 1e-14)는 inf는 피하지만 샘플마다 손실이 -log(1e-14) = 32.2를 넘지 못하게 "
            "막습니다. 크게 틀린 예측 (로짓 차이 2e4)의 실제 손실은 2e4입니다. log-sum-exp는 "
            "epsilon 없이 정확한 값을 줍니다.",
        ),
        overrides=(softmax_cross_entropy__epsilon_in_log,),
    ),
    Mistake(
        id="cross_entropy_without_max_shift",
        topic="losses",
        title=Text(
            "log-sum-exp without subtracting the max",
            "최댓값을 빼지 않은 log-sum-exp",
        ),
        explanation=Text(
            "np.exp(logits) overflows for logits > 709: log(inf) gives an infinite loss and "
            "the softmax in the gradient becomes inf / inf = nan. Subtract each row's max "
            "first; the loss and the gradient do not change.",
            "logits > 709이면 np.exp(logits)가 overflow됩니다: log(inf)로 손실이 무한대가 되고 "
            "기울기의 소프트맥스는 inf / inf = nan이 됩니다. 행마다 최댓값을 먼저 빼세요. 손실과 "
            "기울기는 변하지 않습니다.",
        ),
        overrides=(softmax_cross_entropy__no_max_shift,),
    ),
    Mistake(
        id="cross_entropy_loss_summed",
        topic="losses",
        title=Text(
            "loss summed over the batch, not averaged", "손실을 배치 평균이 아니라 합으로 구함"
        ),
        explanation=Text(
            "F.cross_entropy (reduction='mean') divides the summed loss by N, so that the "
            "loss and the learning rate do not depend on the batch size.",
            "reduction='mean'인 F.cross_entropy는 손실의 합을 N으로 나눕니다. 그래야 손실과 "
            "학습률이 배치 크기에 따라 달라지지 않습니다.",
        ),
        overrides=(softmax_cross_entropy__loss_summed,),
    ),
    Mistake(
        id="cross_entropy_gradient_without_1_over_n",
        topic="losses",
        title=Text("gradient without the factor 1/N", "기울기에 1/N을 곱하지 않음"),
        explanation=Text(
            "The loss is a mean over N samples, so its gradient is (softmax - onehot) / N; "
            "softmax - onehot alone is the gradient of the summed loss.",
            "손실이 샘플 N개의 평균이므로 기울기는 (softmax - onehot) / N입니다. "
            "softmax - onehot만으로는 손실 합의 기울기입니다.",
        ),
        overrides=(softmax_cross_entropy__gradient_not_divided_by_n,),
    ),
    Mistake(
        id="cross_entropy_labels_index_columns",
        topic="losses",
        title=Text(
            "probs[:, labels] instead of probs[np.arange(N), labels]",
            "probs[np.arange(N), labels] 대신 probs[:, labels]",
        ),
        explanation=Text(
            "probs[:, labels] takes the label columns of EVERY row, an (N, N) block, so each "
            "sample is scored against every sample's label; the one-hot position of sample i "
            "is row i, column labels[i]: probs[np.arange(N), labels].",
            "probs[:, labels]는 모든 행에서 레이블 열들을 골라 (N, N) 블록을 만들기 때문에, "
            "샘플마다 다른 샘플들의 레이블로도 채점됩니다. 샘플 i의 원-핫 위치는 i번째 행의 "
            "labels[i]번째 열입니다: probs[np.arange(N), labels].",
        ),
        overrides=(softmax_cross_entropy__labels_index_columns,),
    ),
    Mistake(
        id="cross_entropy_labels_not_checked",
        topic="losses",
        title=Text("labels outside [0, C) not refused", "[0, C) 밖의 레이블을 거부하지 않음"),
        explanation=Text(
            "NumPy indexing takes a label of -1 as the last class without complaint, and a "
            "label of C raises IndexError; PyTorch refuses both. Check the labels and raise "
            "ValueError.",
            "NumPy 인덱싱은 -1을 아무 오류 없이 마지막 클래스로 받아들이고, C는 IndexError를 "
            "일으킵니다. PyTorch는 둘 다 거부합니다. 레이블을 검사해서 ValueError를 일으키세요.",
        ),
        overrides=(softmax_cross_entropy__labels_not_checked,),
    ),
    Mistake(
        id="bce_logits_taken_as_probabilities",
        topic="losses",
        title=Text(
            "logits used as probabilities (the from_logits trap)",
            "로짓을 확률로 사용함 (from_logits 함정)",
        ),
        explanation=Text(
            "-[t log x + (1 - t) log(1 - x)] is the loss for PROBABILITIES x, like Keras's "
            "BinaryCrossentropy() without from_logits=True. Logits can be negative or above "
            "1 (log of a negative number is nan): the sigmoid must be applied first, as "
            "binary_cross_entropy_with_logits does.",
            "-[t log x + (1 - t) log(1 - x)]는 확률 x에 대한 손실입니다. from_logits=True 없는 "
            "Keras의 BinaryCrossentropy()와 같습니다. 로짓은 음수이거나 1보다 클 수 있으므로 "
            "(음수의 log는 nan) binary_cross_entropy_with_logits처럼 먼저 시그모이드를 "
            "거쳐야 합니다.",
        ),
        overrides=(binary_cross_entropy_with_logits__takes_probabilities,),
    ),
    Mistake(
        id="bce_log_of_sigmoid",
        topic="losses",
        title=Text("naive log(sigmoid(x))", "단순한 log(sigmoid(x))"),
        explanation=Text(
            "For large |x| the sigmoid rounds to exactly 0 or 1, so log(s) or log(1 - s) is "
            "log(0) = -inf (and 0 * -inf = nan when the target agrees); 1 + exp(-x) also "
            "overflows for x < -709. The stable form max(x, 0) - x * t + log1p(exp(-|x|)) "
            "is the same function without those steps.",
            "|x|가 크면 시그모이드가 정확히 0이나 1로 반올림되어 log(s)나 log(1 - s)가 "
            "log(0) = -inf가 됩니다 (정답과 맞는 경우에도 0 * -inf = nan). x < -709이면 "
            "1 + exp(-x)도 overflow됩니다. 안정적인 식 max(x, 0) - x * t + log1p(exp(-|x|))는 "
            "같은 함수를 이런 단계 없이 계산합니다.",
        ),
        overrides=(binary_cross_entropy_with_logits__log_of_sigmoid,),
    ),
    Mistake(
        id="bce_mean_over_first_axis",
        topic="losses",
        title=Text(
            "divided by the batch size instead of the number of elements",
            "원소 개수가 아니라 배치 크기로 나눔",
        ),
        explanation=Text(
            "F.binary_cross_entropy_with_logits averages over EVERY element (reduction='mean'), "
            "so both the loss and its gradient are divided by logits.size, not by "
            "logits.shape[0].",
            "F.binary_cross_entropy_with_logits는 모든 원소에 대해 평균 냅니다 "
            "(reduction='mean'). 그래서 손실과 기울기 모두 logits.shape[0]이 아니라 "
            "logits.size로 나눕니다.",
        ),
        overrides=(binary_cross_entropy_with_logits__mean_over_first_axis,),
    ),
    Mistake(
        id="bce_gradient_not_averaged",
        topic="losses",
        title=Text(
            "gradient without the 1 / (number of elements)",
            "기울기를 원소 개수로 나누지 않음",
        ),
        explanation=Text(
            "The loss is a mean, so each element's gradient sigmoid(x) - t is divided by the "
            "number of elements, as the loss is.",
            "손실이 평균이므로 원소마다의 기울기 sigmoid(x) - t도 손실처럼 원소 개수로 "
            "나눠야 합니다.",
        ),
        overrides=(binary_cross_entropy_with_logits__gradient_not_averaged,),
    ),
)


# --- alternatives ---------------------------------------------------------------------------


def softmax__row_loop(x, axis=-1):
    # Move the axis last, then one slice at a time.
    moved = np.moveaxis(x, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def softmax__log_sum_exp(x, axis=-1):
    # exp(log softmax), with log softmax = shifted - log(sum(exp(shifted))).
    m = x.max(axis=axis, keepdims=True)
    shifted = x - m
    return np.exp(shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True)))


def softmax_cross_entropy__sample_loop(logits, labels):
    # CS231n's "naive" version: one sample at a time.
    n, c = logits.shape
    for label in labels:
        if not 0 <= label < c:
            raise ValueError(f"label {label} is not a class index in [0, {c})")
    loss = 0.0
    dlogits = np.zeros_like(logits)
    for i in range(n):
        row = logits[i] - np.max(logits[i])
        log_total = np.log(np.sum(np.exp(row)))
        loss += log_total - row[labels[i]]
        dlogits[i] = np.exp(row - log_total)
        dlogits[i, labels[i]] -= 1.0
    return loss / n, dlogits / n


def softmax_cross_entropy__one_hot_matrix(logits, labels):
    # A one-hot matrix from np.eye and the log-softmax of every class.
    n, c = logits.shape
    if not np.all((labels >= 0) & (labels < c)):
        raise ValueError("labels must lie in [0, C)")
    one_hot = np.eye(c)[labels]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(one_hot * log_probs) / n
    return loss, (np.exp(log_probs) - one_hot) / n


def binary_cross_entropy_with_logits__logaddexp(logits, targets):
    # log(1 + e^x) = np.logaddexp(0, x); sigmoid through tanh, which never overflows.
    loss = np.mean(np.logaddexp(0.0, logits) - logits * targets)
    sig = 0.5 * (1.0 + np.tanh(0.5 * logits))
    return float(loss), (sig - targets) / np.prod(logits.shape)


def binary_cross_entropy_with_logits__two_branches(logits, targets):
    # -log sigmoid(x) = log1p(exp(-x)) for x >= 0, -x + log1p(exp(x)) for x < 0.
    neg = logits < 0
    safe = np.where(neg, logits, -logits)  # always <= 0
    softplus_neg = np.log1p(np.exp(safe)) - np.where(neg, logits, 0.0)  # -log sigmoid(x)
    per_element = softplus_neg + (1.0 - targets) * logits
    e = np.exp(safe)
    sig = np.where(neg, e / (1.0 + e), 1.0 / (1.0 + e))
    return float(per_element.mean()), (sig - targets) / logits.size


ALTERNATIVES = (
    Alternative(
        id="losses_loops",
        topic="losses",
        why="a loop over slices (np.moveaxis) and over samples, CS231n's naive version",
        overrides=(softmax__row_loop, softmax_cross_entropy__sample_loop),
    ),
    Alternative(
        id="losses_log_softmax_and_logaddexp",
        topic="losses",
        why="exp of the log-softmax, an np.eye one-hot matrix, np.logaddexp and tanh",
        overrides=(
            softmax__log_sum_exp,
            softmax_cross_entropy__one_hot_matrix,
            binary_cross_entropy_with_logits__logaddexp,
        ),
    ),
    Alternative(
        id="bce_two_branches",
        topic="losses",
        why="the loss written as -log sigmoid(x) + (1 - t) x in two branches",
        overrides=(binary_cross_entropy_with_logits__two_branches,),
    ),
)

# Mutants of solutions/losses.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'float(np.mean(np.log(sums) - shifted[rows, labels]))': unwrap",
    "'float(np.mean(per_element))': unwrap",
    "'logits >= 0': comparison -> Gt",
)


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("cross_entropy_loss_summed", "softmax_cross_entropy_loss_matches_torch"): (
        "ratio",
        "Your output is exactly `logits.shape[0]` times PyTorch's on every input checked (on the input shown, `logits.shape[0]` = 4).",
    ),
    ("cross_entropy_gradient_without_1_over_n", "softmax_cross_entropy_dlogits_matches_autograd"): (
        "ratio",
        "Your output is exactly `logits.shape[0]` times PyTorch's on every input checked (on the input shown, `logits.shape[0]` = 4).",
    ),
    ("bce_gradient_not_averaged", "binary_cross_entropy_with_logits_dlogits_matches_autograd"): (
        "ratio",
        "Your output is exactly `logits.size` times PyTorch's on every input checked (on the input shown, `logits.size` = 6).",
    ),
}
