"""Jupyter side of `loralab notebook run` and `loralab kernel check` (run by Debian's /usr/bin/python3).

  run_notebook.py execute IN OUT KERNEL CWD CELL_TIMEOUT STARTUP_TIMEOUT KERNEL_LOG
  run_notebook.py starts KERNEL COUNT STARTUP_TIMEOUT

Exit status: 0 done; 1 a cell failed or timed out (one line on stderr names it); 2 no such kernel;
3 the kernel did not start. The executed notebook is written to OUT even when a cell fails.
"""
import os
import sys
import tempfile
import time

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

START_ATTEMPTS = 3  # a kernel that does not answer kernel_info in time is started again, at most this often


def describe(nb, index):
    cell = nb.cells[index]
    tags = cell.get("metadata", {}).get("tags", [])
    first = next((line for line in cell.source.splitlines() if line.strip()), "").strip()
    return "cell %d%s (%s)" % (index + 1, " [" + ", ".join(tags) + "]" if tags else "", first[:60])


def failed_cell(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                lines = out.get("evalue", "").strip().splitlines()
                return i, "%s: %s" % (out.get("ename", "error"), lines[0] if lines else "")
    return None, None


def execute(inp, out, kernel, cwd, cell_timeout, startup_timeout, kernel_log):
    nb = nbformat.read(inp, as_version=4)
    status = 0
    with open(kernel_log, "a") as log:
        for attempt in range(1, START_ATTEMPTS + 1):
            client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=startup_timeout,
                                    allow_errors=False, record_timing=True)
            try:
                client.execute(cwd=cwd, stderr=log, stdout=log)
                break
            except NoSuchKernel:
                sys.stderr.write("error: no Jupyter kernel named '%s': run ./loralab kernel install\n" % kernel)
                return 2
            except CellTimeoutError as e:
                sys.stderr.write("error: a cell ran longer than %d s: %s\n" % (cell_timeout, str(e).splitlines()[0]))
                status = 1
                break
            except (CellExecutionError, DeadKernelError) as e:
                index, message = failed_cell(nb)
                where = describe(nb, index) if index is not None else "a cell"
                sys.stderr.write("error: %s failed: %s\n" % (where, message or str(e).splitlines()[0]))
                status = 1
                break
            except RuntimeError as e:
                if "didn't respond" not in str(e) and "did not respond" not in str(e):
                    raise
                sys.stderr.write("loralab: kernel did not answer within %d s (start %d of %d); starting it again\n"
                                 % (startup_timeout, attempt, START_ATTEMPTS))
                if attempt == START_ATTEMPTS:
                    sys.stderr.write("error: the kernel '%s' did not start (see %s)\n" % (kernel, kernel_log))
                    return 3
    nbformat.write(nb, out)
    return status


def starts(kernel, count, startup_timeout):
    """Starts the kernel COUNT times without retrying; counts the starts that never answer kernel_info
    (hangs) and those whose log shows a message read before the kernel could handle it (early reads)."""
    hangs, early, times = 0, 0, []
    for i in range(count):
        km = KernelManager(kernel_name=kernel)
        with tempfile.TemporaryFile(mode="w+") as log:
            t0 = time.time()
            km.start_kernel(stderr=log, stdout=log)
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=startup_timeout)
                times.append(time.time() - t0)
            except RuntimeError:
                hangs += 1
                sys.stderr.write("start %d: no kernel_info reply within %d s\n" % (i + 1, startup_timeout))
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            log.seek(0)
            text = log.read()
            if "Unhandled message" in text or "message dropped" in text:
                early += 1
    times.sort()
    median = times[len(times) // 2] if times else float("nan")
    print("starts=%d hangs=%d early_reads=%d median_start_s=%.2f max_start_s=%.2f"
          % (count, hangs, early, median, times[-1] if times else float("nan")))
    return 0 if hangs == 0 else 1


def main(argv):
    if len(argv) == 9 and argv[1] == "execute":
        return execute(argv[2], argv[3], argv[4], argv[5], int(argv[6]), int(argv[7]), argv[8])
    if len(argv) == 5 and argv[1] == "starts":
        return starts(argv[2], int(argv[3]), int(argv[4]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
