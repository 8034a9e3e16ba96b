#!/bin/bash
# How an MLE-bench agent folder's container starts here: the validation endpoint on localhost:5000 (a relay to
# the harness's checker; no answers in the container), up within 60 s as MLE-bench waits, then the start command.
/usr/bin/python3 /opt/mlebench/validation_server.py >>/home/logs/entrypoint.log 2>&1 &
for _ in $(seq 600); do
    /usr/bin/python3 /opt/mlebench/validation_server.py --health 2>/dev/null && break
    sleep 0.1
done
exec "$@"
