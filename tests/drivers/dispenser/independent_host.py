#!/usr/bin/env python3
"""An M1 host written straight from shared/protocols/dispenser.md, sharing no code with the project.

Usage: independent_host.py PTY_PATH   (the simulator runs with --slots 5, freshly started, no state)
Sends Status, Initialize (no move) and Inventory, checks the ACK and each reply frame byte for byte,
ACKs each reply, and checks that a frame with a wrong BCC is NAKed. Exits 0 when all hold.
"""
import os
import select
import sys
import termios
import time

STX, ETX, ACK, NAK = 0xF2, 0x03, 0x06, 0x15


def raw_mode(fd):
    attrs = termios.tcgetattr(fd)
    iflag, oflag, cflag, lflag, ispeed, ospeed, cc = attrs
    iflag &= ~(termios.IGNBRK | termios.BRKINT | termios.PARMRK | termios.ISTRIP | termios.INLCR |
               termios.IGNCR | termios.ICRNL | termios.IXON | termios.IXOFF)
    oflag &= ~termios.OPOST
    lflag &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.ISIG | termios.IEXTEN)
    cflag &= ~(termios.CSIZE | termios.PARENB | termios.CSTOPB)
    cflag |= termios.CS8 | termios.CREAD | termios.CLOCAL
    cc[termios.VMIN] = 0
    cc[termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, [iflag, oflag, cflag, lflag, termios.B9600, termios.B9600, cc])


def bcc(data):
    value = 0
    for b in data:
        value ^= b
    return value


def frame(text, address=0):
    body = bytes([STX, address, len(text) >> 8, len(text) & 0xFF]) + bytes(text) + bytes([ETX])
    return body + bytes([bcc(body)])


def read_exactly(fd, count, timeout_s):
    deadline = time.monotonic() + timeout_s
    out = b""
    while len(out) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timeout: wanted {count} bytes, got {out.hex(' ')}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            out += os.read(fd, count - len(out))
    return out


def expect(what, got, want):
    if got != want:
        raise SystemExit(f"{what}: got {got.hex(' ')}, want {want.hex(' ')}")


def exchange(fd, name, command_bytes, reply_text):
    os.write(fd, command_bytes)
    expect(name + " ACK", read_exactly(fd, 1, 0.3), bytes([ACK]))
    want = frame(reply_text)
    expect(name + " reply", read_exactly(fd, len(want), 8.0), want)
    os.write(fd, bytes([ACK]))


def main():
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
    raw_mode(fd)
    termios.tcflush(fd, termios.TCIFLUSH)

    # The document's verified examples, as literal bytes.
    status = bytes.fromhex("F2 00 00 03 43 31 30 03 B0")
    initialize = bytes.fromhex("F2 00 00 03 43 30 33 03 B2")
    if frame(b"C10") != status or frame(b"C03") != initialize:
        raise SystemExit("this script's framing disagrees with the document's examples")

    # Fresh machine: no card in the transport, magazine empty, bin not full -> ST0 ST1 ST2 = '0' '0' '0'.
    exchange(fd, "status", status, b"P10" + b"000")
    exchange(fd, "initialize", initialize, b"P03" + b"000")
    inventory = frame(b"C" + bytes([0x40, 0x32]))
    exchange(fd, "inventory", inventory, b"P" + bytes([0x40, 0x32]) + b"000" + b"0005" + b"00000")

    damaged = bytearray(status)
    damaged[-1] ^= 0xFF
    os.write(fd, bytes(damaged))
    expect("damaged frame", read_exactly(fd, 1, 0.3), bytes([NAK]))
    os.close(fd)
    print("independent host: status, initialize, inventory and NAK all byte-exact")


if __name__ == "__main__":
    main()
