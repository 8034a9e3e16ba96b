# The environment every agent image starts from, our counterpart of MLE-bench's `mlebench-env`:
# Python with numpy, pandas and scikit-learn, the submission checker, the instructions, a non-root user.
# With a registry, the default base is a public Python image; offline, `mlebench image build` passes a
# Debian root filesystem it built with debootstrap, which already carries the scientific packages.
# Steps are few on purpose: each one costs seconds on overlay storage drivers.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}
ARG AGENT_UID=1000

ENV LANG=C.UTF-8 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 HOME=/home/agent

# Only public Python images lack the scientific stack; the Debian base has it and builds without network.
# The agent's home is world-writable: the runtime may run the agent as the host user's uid, which has no
# entry in /etc/passwd here, so that the files it writes stay the host user's.
RUN (python3 -c "import numpy, pandas, sklearn" 2>/dev/null \
       || python3 -m pip install --no-cache-dir numpy pandas scikit-learn) \
 && (command -v python >/dev/null || ln -s "$(command -v python3)" /usr/local/bin/python) \
 && (getent passwd agent >/dev/null || useradd --create-home --uid "${AGENT_UID}" --user-group --shell /bin/bash agent) \
 && mkdir -p /home/agent /home/data /home/submission /home/logs /home/code /home/.mlebench \
 && chown agent:agent /home/agent /home/submission /home/logs /home/code \
 && chmod 1777 /home/agent

COPY instructions.txt validate_submission.py /home/

USER agent
WORKDIR /home/agent
CMD ["python3"]
