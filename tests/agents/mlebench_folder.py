"""A copy of MLE-bench's dummy agent folder, written from the contract (shared/specs/mlebench_agent_contract.md):
config.yaml, a Dockerfile `FROM mlebench-env` with the usual ARG/ENV/conda lines, a start.sh that activates the
environment and runs main.py, which copies the sample submission, checks it cannot list the private answers, and
validates its file through /home/validate_submission.sh."""

from __future__ import annotations

from pathlib import Path

DOCKERFILE = """FROM mlebench-env

ARG SUBMISSION_DIR
ENV SUBMISSION_DIR=${SUBMISSION_DIR}
ARG LOGS_DIR
ENV LOGS_DIR=${LOGS_DIR}
ARG CODE_DIR
ENV CODE_DIR=${CODE_DIR}
ARG AGENT_DIR
ENV AGENT_DIR=${AGENT_DIR}

RUN mkdir -p ${LOGS_DIR} ${CODE_DIR} ${AGENT_DIR}

COPY requirements.txt ${AGENT_DIR}/requirements.txt
RUN conda run -n agent pip install -r ${AGENT_DIR}/requirements.txt && conda clean -afy

COPY . ${AGENT_DIR}
"""

START = """#!/bin/bash
set -x
eval "$(conda shell.bash hook)"
conda activate agent
echo "python is $(command -v python)"
python ${AGENT_DIR}/main.py "$@"
"""

MAIN = """import glob, json, os, shutil, subprocess, sys

data = "/home/data"
sample = sorted(glob.glob(os.path.join(data, "sample_submission*.csv")))[0]
os.makedirs(os.environ["SUBMISSION_DIR"], exist_ok=True)
target = os.path.join(os.environ["SUBMISSION_DIR"], "submission.csv")
shutil.copy(sample, target)
print("args:", json.dumps(sys.argv[1:]))
print("prefix:", sys.prefix)
for name in ("SECRET_TOKEN", "TIME_LIMIT_SECS", "COMPETITION_ID"):
    print(name, "set" if os.environ.get(name) else "unset")
if os.environ.get("SECRET_TOKEN"):
    print("secret digest:", __import__("hashlib").sha256(os.environ["SECRET_TOKEN"].encode()).hexdigest())
# Where MLE-bench mounts the answers, and beside the public data where a careless harness would put them.
private = [os.path.join(d, f) for root in ("/private", "/home/private", "/home/data/private")
           for d, _, files in os.walk(root) for f in files]
print("private files visible:", len(private), "/private exists:", os.path.exists("/private"))
answer = subprocess.run(["bash", "/home/validate_submission.sh", target], capture_output=True, text=True)
print("validate:", answer.stdout.strip())
bad = os.path.join(os.environ["LOGS_DIR"], "bad.csv")
open(bad, "w").write("nonsense\\n")
print("validate bad:", subprocess.run(["bash", "/home/validate_submission.sh", bad], capture_output=True,
                                      text=True).stdout.strip())
print("whoami:", subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip())
"""

CONFIG = """x-env: &env
  DUMMY_MODE: copy
dummy:
  start: dummy/start.sh
  dockerfile: dummy/Dockerfile
  env_vars:
    <<: *env
"""


def write_dummy_folder(agents: Path, config: str = CONFIG) -> Path:
    """`agents/dummy/` as MLE-bench lays it out; returns the folder."""
    folder = agents / "dummy"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(config)
    (folder / "Dockerfile").write_text(DOCKERFILE)
    (folder / "start.sh").write_text(START)
    (folder / "main.py").write_text(MAIN)
    (folder / "requirements.txt").write_text("# nothing beyond mlebench-env\n")
    return folder
