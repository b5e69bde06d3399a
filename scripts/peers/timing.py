"""The measurement both peer scripts share, the same as `workbench bench`'s."""
import math
import os
import statistics
import time

# BENCH_STEPS: fewer samples for the 224x224 networks, whose steps take seconds.
STEPS, MIN_SAMPLE_SECONDS = int(os.environ.get("BENCH_STEPS", "7")), 0.2


def median_seconds(step):
    """Seconds per step: 2 warm-up steps, then the median of STEPS samples, each
    timing as many steps as fill MIN_SAMPLE_SECONDS (one step for the big
    networks; hundreds for basic-cnn, whose single steps are scheduling noise)."""
    for _ in range(2):
        step()
    start = time.perf_counter()
    step()
    repeats = max(1, math.ceil(MIN_SAMPLE_SECONDS / (time.perf_counter() - start)))
    times = []
    for _ in range(STEPS):
        start = time.perf_counter()
        for _ in range(repeats):
            step()
        times.append((time.perf_counter() - start) / repeats)
    return statistics.median(times)
