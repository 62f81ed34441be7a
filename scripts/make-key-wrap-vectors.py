#!/usr/bin/env python3
"""Writes tests/Kms.Actors.Tests/Vectors/key-wrap-v2.json: key material wrapped in wrap format 2 (docs/ciphertext-format.md)
by the Python `cryptography` package, independent of Kms. Run by hand; the guards only read the file."""
import base64, json, os, pathlib, struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MASTER_KEY = bytes(range(32))
CASES = [
    ("0b7f5c4e-2f7a-4d63-9a39-8f3c2d1e0a11", 1, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", 32),
    ("0b7f5c4e-2f7a-4d63-9a39-8f3c2d1e0a11", 7, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", 32),
    ("6d1e9a20-5b4c-4f0e-8c2a-3e9b7d6f5a44", 2, "HMAC_512", "GENERATE_VERIFY_MAC", 64),
]

vectors = []
for key_id, version, spec, usage, size in CASES:
    aad = b"kms/key-wrap/v2\0" + key_id.encode() + b"\0" + struct.pack(">I", version) + spec.encode() + b"\0" + usage.encode()
    material, nonce = os.urandom(size), os.urandom(12)
    wrapped = nonce + AESGCM(MASTER_KEY).encrypt(nonce, material, aad)  # ciphertext || tag
    vectors.append({"keyId": key_id, "version": version, "spec": spec, "usage": usage, "material": material.hex(),
                    "associatedData": aad.hex(), "wrapped": base64.b64encode(wrapped).decode()})

target = pathlib.Path(__file__).resolve().parent.parent / "tests/Kms.Actors.Tests/Vectors/key-wrap-v2.json"
target.write_text(json.dumps({"about": "Key material wrapped in wrap format 2 by Python's cryptography package (scripts/make-key-wrap-vectors.py), not by Kms.", "masterKey": MASTER_KEY.hex(), "wrappedKeys": vectors}, indent=2) + "\n")
print(f"wrote {target}")
