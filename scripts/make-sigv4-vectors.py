#!/usr/bin/env python3
"""Writes tests/Kms.Gateway.Tests/Vectors/sigv4-kms-requests.json: AWS KMS JSON requests to Kms's AWS door as
botocore (the AWS SDK for Python, independent of Kms) signs them. Run by hand; the guards only read the file."""
import datetime, json, pathlib
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY, SECRET_KEY = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SIGNED_AT = datetime.datetime(2026, 12, 7, 12, 0, 0)
REQUESTS = [
    ("Encrypt", {"KeyId": "alias/app", "Plaintext": "aGVsbG8gd29ybGQ=", "EncryptionContext": {"tenant": "acme"}}),
    ("Decrypt", {"CiphertextBlob": "SwEkMDAwMA==", "KeyId": "alias/app"}),
    ("ListKeys", {}),
]

cases = []
for target, body in REQUESTS:
    data = json.dumps(body, separators=(",", ":")).encode()
    request = AWSRequest(method="POST", url="https://localhost:8011/", data=data, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"TrentService.{target}",
    })
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=SIGNED_AT):
        botocore.auth.SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "kms", "us-east-1").add_auth(request)
    cases.append({
        "name": target,
        "host": "localhost:8011",
        "headers": [[k, v] for k, v in request.headers.items()],
        "body": data.decode(),
    })

out = {
    "about": f"AWS KMS requests signed by botocore {botocore.__version__} (SigV4Auth, service kms, region us-east-1) at "
             f"{SIGNED_AT.isoformat()}Z, made by scripts/make-sigv4-vectors.py. Test credentials from AWS's examples.",
    "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "signedAt": SIGNED_AT.strftime("%Y%m%dT%H%M%SZ"), "cases": cases,
}
path = pathlib.Path(__file__).resolve().parent.parent / "tests/Kms.Gateway.Tests/Vectors/sigv4-kms-requests.json"
path.write_text(json.dumps(out, indent=2) + "\n")
