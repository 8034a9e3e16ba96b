# The built-in `aide` agent: the pinned aideml release in its own venv on top of the agent environment, built
# without network from a wheelhouse the host downloaded (`pip download` for this image's Python). The venv sees
# the environment's numpy, pandas and scikit-learn, which the generated code uses; `pip install --no-deps` of
# every wheel installs exactly the resolved set. The image has no pip: the wheelhouse's pip wheel runs itself.
ARG BASE_IMAGE=mlebench-env:latest
FROM ${BASE_IMAGE}
USER root
COPY wheels/ /tmp/wheels/
RUN python3 -m venv --system-site-packages --without-pip /opt/aide \
 && /opt/aide/bin/python3 "$(ls /tmp/wheels/pip-*.whl)/pip" install --no-index --no-deps --no-compile \
      --disable-pip-version-check /tmp/wheels/*.whl \
 && /opt/aide/bin/python3 -c "import aide, aide.agent, aide.backend" \
 && rm -rf /tmp/wheels
COPY aide_adapter.py /home/agent/aide_adapter.py
USER agent
CMD ["/opt/aide/bin/python3", "/home/agent/aide_adapter.py"]
