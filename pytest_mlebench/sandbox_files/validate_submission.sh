#!/bin/bash
# MLE-bench's tool: POST a file to the validation endpoint (multipart field `file`) and print its JSON answer.
SUBMISSION_FILE=$1
SERVER_URL="http://localhost:5000/validate"
if [ -z "$SUBMISSION_FILE" ]; then
    echo "Usage: $0 <submission_file>"
    exit 1
fi
if [ ! -f "$SUBMISSION_FILE" ]; then
    echo "File $SUBMISSION_FILE does not exist."
    exit 1
fi
if command -v curl >/dev/null; then
    exec curl -s -X POST -F "file=@${SUBMISSION_FILE}" "$SERVER_URL"
fi
exec /usr/bin/python3 /opt/mlebench/validation_server.py --post "$SUBMISSION_FILE" "$SERVER_URL"
