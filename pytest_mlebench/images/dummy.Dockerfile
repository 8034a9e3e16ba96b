# The built-in `dummy` agent: one standalone script on top of the agent environment, built without network.
ARG BASE_IMAGE=mlebench-env:latest
FROM ${BASE_IMAGE}
COPY dummy.py /home/agent/dummy.py
CMD ["python3", "/home/agent/dummy.py"]
