"""Computes the SigV4 Authorization header for a golden-vector request with botocore, independently of the .NET SDK.

Usage: python3 sign_with_botocore.py VECTOR BODY_FILE   (prints the Authorization header and a newline)
Fixed inputs: the documentation example key pair and 2025-01-02T03:04:05Z.
"""
import datetime
import hashlib
import sys

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

VECTORS = {
    # name: (url, content type, signing name, signing region)
    "iam-GetAccountSummary": (
        "https://iam.amazonaws.com/", "application/x-www-form-urlencoded; charset=utf-8", "iam", "us-east-1"),
    "securityhub-GetFindings": (
        "https://securityhub.eu-west-1.amazonaws.com/findings", "application/json", "securityhub", "eu-west-1"),
}

FIXED_TIME = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


def main() -> None:
    vector, body_file = sys.argv[1], sys.argv[2]
    url, content_type, service, region = VECTORS[vector]
    with open(body_file, "rb") as f:
        body = f.read()
    # The .NET SDK signs x-amz-content-sha256 too; botocore signs whatever headers the request carries.
    headers = {"Content-Type": content_type, "X-Amz-Content-SHA256": hashlib.sha256(body).hexdigest()}
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    botocore.auth.get_current_datetime = lambda *args, **kwargs: FIXED_TIME
    SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), service, region).add_auth(request)
    print(request.headers["Authorization"])


if __name__ == "__main__":
    main()
