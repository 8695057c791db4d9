#!/usr/bin/env python3
"""Writes docs/spec/vectors/cosignature-v1.json from the C2SP texts alone, with python's
cryptography package (not ekino's code), so that CosignatureVectorTest checks ekino against an
independent implementation of c2sp.org/signed-note, tlog-checkpoint and tlog-cosignature.

    python3 scripts/cosignature-vector.py > docs/spec/vectors/cosignature-v1.json
"""
import base64
import hashlib
import json
import struct

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def key(label):
    # A published seed: these keys are for the vectors only and worthless for anything else.
    seed = hashlib.sha256(label.encode()).digest()
    k = Ed25519PrivateKey.from_private_bytes(seed)
    pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption()).decode()
    pub_pem = k.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return seed, k, pub, pem, pub_pem


def key_id(name, sig_type, pub):
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + pub).digest()[:4]


origin = "qr.ekino.kz/registry"
text = origin + "\n610\nYE730d4jXn6aFyMng+k0xq5q6UTvOLBaRuQivHDFMWM=\n"
_, log_key, log_pub, _, log_pub_pem = key("ekino test vector: registry log key")
log_line = "\u2014 %s %s\n" % (origin, base64.b64encode(
    key_id(origin, 0x01, log_pub) + log_key.sign(text.encode())).decode())
note = text + "\n" + log_line

vectors = []
for i, (name, timestamp) in enumerate([("witness.example/w1", 1795608000),
                                       ("witness.example/w2", 1795608007)]):
    seed, wkey, wpub, wpem, wpub_pem = key("ekino test vector: witness %d" % (i + 1))
    message = "cosignature/v1\ntime %d\n" % timestamp + text
    kid = key_id(name, 0x04, wpub)
    line = "\u2014 %s %s\n" % (name, base64.b64encode(
        kid + struct.pack(">Q", timestamp) + wkey.sign(message.encode())).decode())
    vectors.append({
        "id": "cosignature-v1-%d" % (i + 1),
        "comment": "cosignature/v1 (Ed25519, signature type 0x04) of the checkpoint by "
                   + name + " at time " + str(timestamp),
        "witnessName": name,
        "witnessSeedHex": seed.hex(),
        "witnessPrivateKeyPem": wpem,
        "witnessPublicKeyPem": wpub_pem,
        "keyIdHex": kid.hex(),
        "timestamp": timestamp,
        "signedMessage": message,
        "cosignatureLine": line,
    })

print(json.dumps({
    "comment": "c2sp.org/tlog-cosignature cosignature/v1 vectors, made by "
               "scripts/cosignature-vector.py with python cryptography from the C2SP texts. "
               "The keys' seeds are SHA-256 of published labels: test keys only.",
    "origin": origin,
    "logPublicKeyPem": log_pub_pem,
    "checkpointNote": note,
    "cosignatures": vectors,
    "cosignedNote": note + "".join(v["cosignatureLine"] for v in vectors),
}, indent=2, ensure_ascii=False))
