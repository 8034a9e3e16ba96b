# The built-in `baseline` agent: one standalone script on top of the agent environment, built without network.
ARG BASE_IMAGE=mlebench-env:latest
FROM ${BASE_IMAGE}
COPY baseline.py /home/agent/baseline.py
CMD ["python3", "/home/agent/baseline.py"]
