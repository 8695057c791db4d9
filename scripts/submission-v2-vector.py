#!/usr/bin/env python3
"""Checks docs/spec/vectors/submission-v2.json against an independent implementation of
docs/spec/submission-v2.md and docs/spec/schedule-v1.md: Python's cbor2 and cryptography, not
ekino's code. For every accepted vector it encodes the payload from the model fields alone
(deterministic CBOR, RFC 8949 section 4.2.1), compares it with payloadHex, recomputes the content
digest, builds the COSE_Sign1 envelope and signs it again with the file's TEST key: Ed25519 is
deterministic, so the result must equal signedHex byte for byte. For every refused vector it
checks that the signature verifies, so that the refusal is about the content only.

    pip install cbor2 cryptography        # or Debian: python3-cbor2 python3-cryptography
    python3 scripts/submission-v2-vector.py [docs/spec/vectors/submission-v2.json]

Prints one line per vector and 'N passed, M failed'; exits 1 if any failed.
"""
import datetime
import hashlib
import json
import sys

import cbor2
from cryptography.hazmat.primitives import serialization

CHANNELS = {"BOX_OFFICE": 0, "ONLINE": 1, "KIOSK": 2, "PARTNER": 3}
SCHEDULE_KINDS = {"DECLARE": 0, "CANCEL": 1, "NO_SCREENINGS": 2}
TITLE_KEYS = {"kk": 1, "ru": 2, "en": 3}


def seconds(text):
    """An RFC 3339 instant as whole epoch seconds."""
    instant = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if instant.microsecond:
        raise ValueError("instants are carried to the second: " + text)
    return int(instant.timestamp())


def bin_number(text):
    """A BIN is carried as an unsigned integer; the leading zero comes back from the width."""
    if len(text) != 12 or not text.isdigit():
        raise ValueError("not a BIN: " + text)
    return int(text)


def film(f):
    return {
        1: f["certificate"],
        2: {TITLE_KEYS[k]: v for k, v in f["titles"].items()},
        3: sorted(f["genres"]),
        4: sorted(f["countries"]),
        5: f["national"],
    }


def screening(s):
    return {
        1: s["id"],
        2: bin_number(s["cinemaBin"]),
        3: s["hall"],
        4: film(s["film"]),
        5: seconds(s["start"]),
        6: s["language"],
        7: s["format"],
    }


def counter(c):
    m = {1: c["terminal"], 2: c["sequence"]}
    if c["previous"] is not None:
        m[3] = bytes.fromhex(c["previous"])
    return m


def sale(model, count):
    m = {
        0: 1 if count is None else 2,
        1: model["ticketId"],
        2: bin_number(model["vendorBin"]),
        3: screening(model["screening"]),
    }
    if model["seat"] != "general-admission":
        m[4] = [model["seat"]["row"], model["seat"]["number"]]
    m[5] = model["priceTiyn"]
    m[6] = seconds(model["soldAt"])
    m[7] = CHANNELS[model["channel"]]
    m[8] = model.get("specimen", False)
    if count is not None:
        m[9] = counter(count)
    return m


def refund(model, count):
    m = {
        0: 1 if count is None else 2,
        1: model["saleSerial"],
        2: model["ticketId"],
        3: bin_number(model["vendorBin"]),
        4: seconds(model["refundedAt"]),
        5: model["amountTiyn"],
        6: model["reason"],
    }
    if count is not None:
        m[7] = counter(count)
    return m


def schedule(model):
    m = {
        0: 1,
        1: SCHEDULE_KINDS[model["kind"]],
        2: bin_number(model["vendorBin"]),
        3: seconds(model["signedAt"]),
    }
    if model["kind"] == "DECLARE":
        m[4] = screening(model["screening"])
    elif model["kind"] == "CANCEL":
        m[4] = bin_number(model["cinemaBin"])
        m[5] = model["screeningId"]
        m[6] = model["reason"]
    else:
        m[4] = bin_number(model["cinemaBin"])
        m[5] = model["day"]
    return m


def correction(model):
    return {
        0: 1,
        1: model["saleSerial"],
        2: model["ticketId"],
        3: bin_number(model["vendorBin"]),
        4: seconds(model["correctedAt"]),
        5: model["priceTiyn"],
        6: model["reason"],
    }


def payload(v):
    document, model, count = v["document"], v["model"], v.get("counter")
    if document == "sale":
        m = sale(model, count)
    elif document == "refund":
        m = refund(model, count)
    elif document == "schedule":
        m = schedule(model)
    else:
        m = correction(model)
    # canonical=True sorts map keys; for the small unsigned keys used here that is the
    # RFC 8949 section 4.2.1 order, and every integer and length takes its shortest form.
    return cbor2.dumps(m, canonical=True)


def protected_header(key, content_type):
    return cbor2.dumps({1: key["coseAlg"], 3: content_type, 4: bytes.fromhex(key["kidHex"])},
                       canonical=True)


def sig_structure(header, body):
    """RFC 9052 section 4.4: ["Signature1", protected, external_aad = h'', payload]."""
    return cbor2.dumps(["Signature1", header, b"", body])


def main(path):
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)
    key = vectors["key"]
    if not key["label"].startswith("TEST-ONLY-"):
        raise SystemExit("the vectors' key must be a labelled test key")
    private = serialization.load_pem_private_key(key["privateKeyPem"].encode(), password=None)
    public = private.public_key()
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(("ok    " if ok else "FAIL  ") + name + ("" if ok else ": " + detail))
        passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)

    for v in vectors["accepted"]:
        body = payload(v)
        header = protected_header(key, v["contentType"])
        signed = cbor2.dumps([header, {}, body, private.sign(sig_structure(header, body))])
        problems = []
        if body.hex() != v["payloadHex"]:
            problems.append("payload %s, file has %s" % (body.hex(), v["payloadHex"]))
        if hashlib.sha256(body).hexdigest() != v["contentDigest"]:
            problems.append("content digest differs")
        if signed.hex() != v["signedHex"]:
            problems.append("signed bytes differ")
        check(v["id"], not problems, "; ".join(problems))

    for v in vectors["refused"]:
        envelope = cbor2.loads(bytes.fromhex(v["signedHex"]))
        header, unprotected, body, signature = envelope
        problems = []
        if body.hex() != v["payloadHex"]:
            problems.append("payload differs")
        if cbor2.loads(header) != {1: key["coseAlg"], 3: v["contentType"],
                                   4: bytes.fromhex(key["kidHex"])} or unprotected != {}:
            problems.append("envelope differs")
        try:
            public.verify(signature, sig_structure(header, body))
        except Exception as e:  # cryptography raises InvalidSignature
            problems.append("signature does not verify: %r" % e)
        check(v["id"] + " (" + v["expect"] + ", signature valid)", not problems,
              "; ".join(problems))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/spec/vectors/submission-v2.json"))
