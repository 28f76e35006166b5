#!/usr/bin/python3
"""An independent PC/SC client (pyscard, not our C++ code) that reads a running kiosk-sim-card
exactly as shared/protocols/card.md says and checks it against the card file it plays.

usage: pyscard_client.py --reader NAME --card CARD_FILE --issuer-pub PEM
Exit status 0 when every check passes; prints the failed check otherwise. Prints no card data.
"""
import argparse
import hashlib
import os
import sys
import tomllib

from smartcard.System import readers
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from cryptography.exceptions import InvalidSignature

AID = [0xF0, 0x4B, 0x54, 0x50, 0x2D, 0x45, 0x4C]
FIDS = [0x0101, 0x0102, 0x0103, 0x0104, 0x010F]


def check(condition, what):
    if not condition:
        print("FAILED:", what)
        sys.exit(1)


def transmit(connection, apdu):
    data, sw1, sw2 = connection.transmit(apdu)
    return bytes(data), (sw1 << 8) | sw2


def read_ef(connection, fid):
    _, sw = transmit(connection, [0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF])
    if sw == 0x6A82:
        return None
    check(sw == 0x9000, f"SELECT EF {fid:04X} answered {sw:04X}")
    content = b""
    while True:
        offset = len(content)
        data, sw = transmit(connection, [0x00, 0xB0, offset >> 8, offset & 0xFF, 0xDF])
        content += data
        if sw == 0x9000 and data:
            continue
        check(sw in (0x9000, 0x6282, 0x6B00), f"READ BINARY {fid:04X} answered {sw:04X}")
        return content


def tlv_children(data):
    """Minimal BER-TLV walk of template 61: {tag: value}."""
    check(data[0] == 0x61, "biodata is not template 61")
    pos, length = 1, data[1]
    pos = 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[2:2 + count], "big")
        pos = 2 + count
    body, fields, i = data[pos:pos + length], {}, 0
    while i < len(body):
        tag = body[i]
        i += 1
        if tag & 0x1F == 0x1F:
            tag = (tag << 8) | body[i]
            i += 1
        size = body[i]
        i += 1
        if size & 0x80:
            count = size & 0x7F
            size = int.from_bytes(body[i:i + count], "big")
            i += count
        fields[tag] = body[i:i + size]
        i += size
    return fields


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reader", required=True)
    parser.add_argument("--card", required=True)
    parser.add_argument("--issuer-pub", required=True)
    args = parser.parse_args()

    with open(args.card, "rb") as f:
        card = tomllib.load(f)
    with open(args.issuer_pub, "rb") as f:
        issuer = load_pem_public_key(f.read())

    matching = [r for r in readers() if str(r) == args.reader]
    check(matching, f"reader {args.reader} not listed by pcscd")
    connection = matching[0].createConnection()
    connection.connect()

    check(bytes(connection.getATR()).hex().upper() == card["atr"], "ATR differs from the card file")
    uid, sw = transmit(connection, [0xFF, 0xCA, 0x00, 0x00, 0x00])
    check(sw == 0x9000 and uid.hex().upper() == card["uid"], "GET UID")

    _, sw = transmit(connection, [0x00, 0xA4, 0x04, 0x0C, 0x07] + [0xA0, 0, 0, 0, 3, 0x10, 0x10])
    check(sw == 0x6A82, f"SELECT of a foreign AID answered {sw:04X}, expected 6A82")
    _, sw = transmit(connection, [0x00, 0xA4, 0x04, 0x0C, 0x07] + AID)
    check(sw == 0x9000, f"SELECT application answered {sw:04X}")

    files = {fid: read_ef(connection, fid) for fid in FIDS}
    for fid in FIDS:
        expected = card["files"].get(f"{fid:04X}")
        got = files[fid]
        check((got is None) == (expected is None), f"EF {fid:04X} presence differs")
        if got is not None:
            check(got.hex().upper() == expected, f"EF {fid:04X} content differs")

    _, sw = transmit(connection, [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x09, 0x99])
    check(sw == 0x6A82, "SELECT of a missing EF must answer 6A82")
    transmit(connection, [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x04])
    _, sw = transmit(connection, [0x00, 0xB0, 0x00, 0x00, 0xE0])
    check(sw == 0x6700, f"READ BINARY with Le E0 answered {sw:04X}, expected 6700")
    _, sw = transmit(connection, [0x00, 0xB0, 0x00, 0x50, 0x10])
    check(sw == 0x6B00, f"READ BINARY past the end answered {sw:04X}, expected 6B00")
    _, sw = transmit(connection, [0x00, 0x12, 0x00, 0x00, 0x00])
    check(sw == 0x6D00, f"unknown INS answered {sw:04X}, expected 6D00")

    fields = tlv_children(files[0x0101])
    nik = fields.get(0x5F01, b"")
    check(len(nik) == 16 and nik.isdigit(), "5F01 is not a 16-digit NIK")

    digest = b"".join(hashlib.sha256(files[fid] or b"").digest() for fid in FIDS[:4])
    try:
        issuer.verify(files[0x010F], digest, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        check(False, "issuer signature over H(0101)||H(0102)||H(0103)||H(0104) does not verify")

    challenge = os.urandom(16)
    signature, sw = transmit(connection, [0x00, 0x88, 0x00, 0x00, len(challenge)] + list(challenge) + [0x00])
    check(sw == 0x9000, f"INTERNAL AUTHENTICATE answered {sw:04X}")
    chip = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), files[0x0104])
    try:
        chip.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        check(False, "chip signature over the challenge does not verify")

    connection.disconnect()
    print("pyscard client: all profile checks passed")


if __name__ == "__main__":
    main()
