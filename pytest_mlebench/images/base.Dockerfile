# The environment every agent image starts from, our counterpart of MLE-bench's `mlebench-env`:
# Python with numpy, pandas and scikit-learn, the submission checker, the instructions, a non-root user.
# With a registry, the default base is a public Python image; offline, `mlebench image build` passes a
# Debian root filesystem it built with debootstrap, which already carries the scientific packages.
# Steps are few on purpose: each one costs seconds on overlay storage drivers.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}
ARG AGENT_UID=1000

ENV LANG=C.UTF-8 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 HOME=/home/agent

# One COPY and one RUN: on fuse-overlayfs every layer costs about a minute.
COPY . /tmp/build/
# Only public Python images lack the scientific stack; the Debian base has it and builds without network.
# The agent's home is world-writable: the runtime may run the agent as the host user's uid, which has no
# entry in /etc/passwd here, so that the files it writes stay the host user's.
# For MLE-bench's agent folders (`FROM mlebench-env`, MLE-bench's contract): a user `nonroot` (the agent's uid,
# which the runtime runs every agent as), /home writable but for /home/data, the validation endpoint's files in
# /opt/mlebench, and a `conda` shim over a venv named `agent` that sees the system's numpy, pandas and
# scikit-learn, with pip from the wheelhouse.
RUN (python3 -c "import numpy, pandas, sklearn" 2>/dev/null \
       || python3 -m pip install --no-cache-dir numpy pandas scikit-learn) \
 && (command -v python >/dev/null || ln -s "$(command -v python3)" /usr/local/bin/python) \
 && (getent passwd agent >/dev/null || useradd --create-home --uid "${AGENT_UID}" --user-group --shell /bin/bash agent) \
 && (getent passwd nonroot >/dev/null || useradd --non-unique --uid "${AGENT_UID}" --gid "${AGENT_UID}" \
       --home-dir /home/nonroot --create-home --shell /bin/bash nonroot) \
 && mkdir -p /home/agent /home/data /home/submission /home/logs /home/code /home/.mlebench /opt/conda/envs \
             /opt/conda/bin /opt/mlebench \
 && chown agent:agent /home/agent /home/submission /home/logs /home/code \
 && chmod 1777 /home/agent /home \
 && python3 -m venv --system-site-packages --without-pip /opt/conda/envs/agent \
 && /opt/conda/envs/agent/bin/python "$(ls /tmp/build/wheels/pip-*.whl)/pip" install --no-index --no-compile \
      --disable-pip-version-check /tmp/build/wheels/pip-*.whl \
 && cd /tmp/build \
 && cp instructions.txt instructions_obfuscated.txt validate_submission.py validate_submission.sh /home/ \
 && cp validation_server.py validate_submission.py entrypoint.sh /opt/mlebench/ \
 && cp conda /opt/conda/bin/conda \
 && echo 'eval "$(conda shell.bash hook)"' > /etc/profile.d/conda.sh \
 && echo '. /etc/profile.d/conda.sh' >> /etc/bash.bashrc \
 && cd / && rm -rf /tmp/build
ENV PATH=/opt/conda/bin:${PATH}

# Root, as MLE-bench's image ends, so agent Dockerfiles may install packages; the runtime runs every agent
# as the agent user.
USER root
WORKDIR /home/agent
CMD ["python3"]
