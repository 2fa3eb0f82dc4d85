"""./kit lab serves JupyterLab on this machine only, and starts for root too (a container's usual user),
where Jupyter on its own refuses."""

import os
import re
import selectors
import signal
import subprocess
import time

from briefkit.case.paths import KIT

SERVING = re.compile(r"http://127\.0\.0\.1:\d+/lab\?token=")


def test_kit_lab_serves_on_localhost_for_any_user(tmp_path):
    environment = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    lab = subprocess.Popen(
        [str(KIT / "kit"), "lab", str(KIT), "--no-browser", "--port=18888", "--ServerApp.port_retries=50"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        start_new_session=True,  # its own process group, ended whole below
    )
    said, watch = [], selectors.DefaultSelector()
    watch.register(lab.stdout, selectors.EVENT_READ)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(SERVING.search(line) for line in said):
            if watch.select(timeout=1) and (line := lab.stdout.readline()):
                said.append(line)
            elif lab.poll() is not None:
                break
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
    output = "".join(said)
    assert SERVING.search(output), output
