#!/usr/bin/env python3
"""An independent host for the R30x protocol, written from the public protocol description only
(shared/protocols/fingerprint-r30x.md, the Adafruit_Fingerprint / pyfingerprint conventions), with
no project code: if the simulator only worked with our own driver, this test would catch it.

Usage: independent_host.py PATH_TO_kiosk-sim-fingerprint
Starts the simulator as a process, talks to it over its pty with os/termios/select only, and
controls the glass through its Unix control socket. Exits non-zero with a message on any mismatch.
"""
import os
import select
import socket
import subprocess
import sys
import tempfile
import termios
import time

ADDR = 0xFFFFFFFF
REPLY_TIMEOUT_S = 2.0


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def packet(pid, content, addr=ADDR):
    length = len(content) + 2
    total = pid + (length >> 8) + (length & 0xFF) + sum(content)
    return (bytes([0xEF, 0x01]) + addr.to_bytes(4, "big") + bytes([pid]) + length.to_bytes(2, "big")
            + bytes(content) + (total & 0xFFFF).to_bytes(2, "big"))


def raw_mode(fd):
    attrs = termios.tcgetattr(fd)
    iflag, oflag, cflag, lflag, ispeed, ospeed, cc = attrs
    iflag &= ~(termios.IGNBRK | termios.BRKINT | termios.PARMRK | termios.ISTRIP | termios.INLCR
               | termios.IGNCR | termios.ICRNL | termios.IXON | termios.IXOFF)
    oflag &= ~termios.OPOST
    lflag &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.ISIG | termios.IEXTEN)
    cflag &= ~(termios.CSIZE | termios.PARENB | termios.CSTOPB)
    cflag |= termios.CS8 | termios.CLOCAL | termios.CREAD
    cc[termios.VMIN] = 1
    cc[termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, [iflag, oflag, cflag, lflag, termios.B57600, termios.B57600, cc])


def read_exact(fd, n):
    out = b""
    deadline = time.monotonic() + REPLY_TIMEOUT_S
    while len(out) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            fail("timed out: wanted %d bytes, got %r" % (n, out.hex()))
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            out += os.read(fd, n - len(out))
    return out


def read_packet(fd):
    head = read_exact(fd, 9)
    if head[0:2] != b"\xEF\x01":
        fail("bad header " + head.hex())
    addr = int.from_bytes(head[2:6], "big")
    pid = head[6]
    length = int.from_bytes(head[7:9], "big")
    rest = read_exact(fd, length)
    content, got_sum = rest[:-2], int.from_bytes(rest[-2:], "big")
    want_sum = (pid + (length >> 8) + (length & 0xFF) + sum(content)) & 0xFFFF
    if got_sum != want_sum:
        fail("bad checksum in reply " + (head + rest).hex())
    if addr != ADDR:
        fail("reply from address %08X" % addr)
    return pid, content


def command(fd, instruction, params=b""):
    os.write(fd, packet(0x01, bytes([instruction]) + bytes(params)))
    pid, content = read_packet(fd)
    if pid != 0x07:
        fail("expected an acknowledge to 0x%02X, got pid 0x%02X" % (instruction, pid))
    return content[0], content[1:]


def expect_ok(what, result):
    code, rest = result
    if code != 0x00:
        fail("%s answered 0x%02X" % (what, code))
    return rest


def main():
    if len(sys.argv) != 2:
        fail("usage: independent_host.py PATH_TO_SIMULATOR")
    simulator = sys.argv[1]

    # The documented packets, byte for byte.
    assert packet(0x01, [0x01]).hex().upper() == "EF01FFFFFFFF010003010005"
    assert packet(0x01, [0x13, 0, 0, 0, 0]).hex().upper() == "EF01FFFFFFFF0100071300000000001B"
    assert packet(0x07, [0x00]).hex().upper() == "EF01FFFFFFFF07000300000A"
    assert packet(0x01, [0x1D]).hex().upper() == "EF01FFFFFFFF0100031D0021"

    template_hex = subprocess.run([simulator, "--print-template", "3"], check=True, capture_output=True,
                                  text=True, timeout=10).stdout.strip()
    enrolled = bytes.fromhex(template_hex)
    if len(enrolled) != 512:
        fail("--print-template gave %d bytes" % len(enrolled))

    with tempfile.TemporaryDirectory() as tmp:
        pty_path = os.path.join(tmp, "fp")
        control_path = os.path.join(tmp, "control")
        proc = subprocess.Popen([simulator, "--pty", pty_path, "--control", control_path],
                                stdout=subprocess.PIPE, text=True)
        try:
            ready, _, _ = select.select([proc.stdout], [], [], 10)
            if not ready:
                fail("simulator did not report ready")
            line = proc.stdout.readline()
            if not line.startswith("ready "):
                fail("unexpected first line %r" % line)
            control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            control.settimeout(5)
            control.connect(control_path)
            control_file = control.makefile("rw")

            def ctl(text):
                control_file.write(text + "\n")
                control_file.flush()
                answer = control_file.readline().strip()
                if answer != "ok":
                    fail("control %r answered %r" % (text, answer))

            fd = os.open(pty_path, os.O_RDWR | os.O_NOCTTY)
            raw_mode(fd)

            expect_ok("VfyPwd", command(fd, 0x13, b"\x00\x00\x00\x00"))
            params = expect_ok("ReadSysPara", command(fd, 0x0F))
            if len(params) != 16:
                fail("ReadSysPara returned %d bytes" % len(params))
            capacity = int.from_bytes(params[4:6], "big")
            packet_size = 32 << int.from_bytes(params[12:14], "big")
            if capacity == 0 or packet_size != 128:
                fail("odd system parameters %s" % params.hex())
            count = int.from_bytes(expect_ok("TemplateNum", command(fd, 0x1D)), "big")
            if count != 0:
                fail("fresh module holds %d templates" % count)

            code, _ = command(fd, 0x01)
            if code != 0x02:
                fail("GenImg with no finger answered 0x%02X, expected 02" % code)

            # Enrol finger 3 at page 5 the Adafruit way: two captures, RegModel, Store.
            ctl("place 3")
            expect_ok("GenImg", command(fd, 0x01))
            expect_ok("Img2Tz 1", command(fd, 0x02, b"\x01"))
            expect_ok("GenImg", command(fd, 0x01))
            expect_ok("Img2Tz 2", command(fd, 0x02, b"\x02"))
            expect_ok("RegModel", command(fd, 0x05))
            expect_ok("Store", command(fd, 0x06, b"\x01\x00\x05"))
            count = int.from_bytes(expect_ok("TemplateNum", command(fd, 0x1D)), "big")
            if count != 1:
                fail("after Store TemplateNum is %d" % count)

            # Identify: a new capture searched against the library.
            expect_ok("GenImg", command(fd, 0x01))
            expect_ok("Img2Tz 1", command(fd, 0x02, b"\x01"))
            found = expect_ok("Search", command(fd, 0x04, b"\x01\x00\x00\x03\xE8"))
            page, score = int.from_bytes(found[0:2], "big"), int.from_bytes(found[2:4], "big")
            if page != 5 or score < 100:
                fail("Search found page %d score %d" % (page, score))

            # UpChar: acknowledge first, then 512 bytes in packets of the module's size.
            expect_ok("UpChar", command(fd, 0x08, b"\x01"))
            uploaded = b""
            packets = 0
            while True:
                pid, content = read_packet(fd)
                packets += 1
                if pid not in (0x02, 0x08) or len(content) != packet_size:
                    fail("data packet pid 0x%02X of %d bytes" % (pid, len(content)))
                uploaded += content
                if pid == 0x08:
                    break
            if len(uploaded) != 512 or packets != 512 // packet_size:
                fail("UpChar delivered %d bytes in %d packets" % (len(uploaded), packets))

            # Verify the kiosk's way: the enrolled template down into buffer 2, Match.
            def download_and_match(template):
                expect_ok("DownChar", command(fd, 0x09, b"\x02"))
                chunks = [template[i:i + packet_size] for i in range(0, len(template), packet_size)]
                for i, chunk in enumerate(chunks):
                    os.write(fd, packet(0x08 if i == len(chunks) - 1 else 0x02, chunk))
                code, rest = command(fd, 0x03)
                return code, int.from_bytes(rest[0:2], "big")

            code, score = download_and_match(enrolled)
            if code != 0x00 or score < 100:
                fail("same finger: Match answered 0x%02X score %d" % (code, score))
            other = bytes.fromhex(subprocess.run([simulator, "--print-template", "4"], check=True,
                                                 capture_output=True, text=True, timeout=10).stdout.strip())
            code, score = download_and_match(other)
            if code != 0x08 or score >= 30:
                fail("different finger: Match answered 0x%02X score %d" % (code, score))

            # The rest of the family, as pyfingerprint and Adafruit_Fingerprint use it.
            if len(expect_ok("GetRandomCode", command(fd, 0x14))) != 4:
                fail("GetRandomCode did not return 4 bytes")
            table = expect_ok("ReadIndexTable", command(fd, 0x1F, b"\x00"))
            if len(table) != 32 or table[0] != 0x20:
                fail("ReadIndexTable page 0 is %s, expected bit 5 set" % table.hex())
            expect_ok("SetSysPara packet size 64", command(fd, 0x0E, b"\x06\x01"))
            params = expect_ok("ReadSysPara", command(fd, 0x0F))
            if int.from_bytes(params[12:14], "big") != 1:
                fail("packet size code did not change")
            expect_ok("LoadChar", command(fd, 0x07, b"\x01\x00\x05"))
            expect_ok("UpChar", command(fd, 0x08, b"\x01"))
            sizes = []
            while True:
                pid, content = read_packet(fd)
                sizes.append(len(content))
                if pid == 0x08:
                    break
            if sizes != [64] * 8:
                fail("UpChar at packet size 64 sent %r" % sizes)
            expect_ok("GenImg", command(fd, 0x01))
            expect_ok("Img2Tz 2", command(fd, 0x02, b"\x02"))
            code, rest = command(fd, 0x03)
            if code != 0x00 or int.from_bytes(rest[0:2], "big") < 100:
                fail("stored template against a new capture: 0x%02X" % code)
            expect_ok("DeletChar", command(fd, 0x0C, b"\x00\x05\x00\x01"))
            if int.from_bytes(expect_ok("TemplateNum", command(fd, 0x1D)), "big") != 0:
                fail("DeletChar left the template")
            expect_ok("Store", command(fd, 0x06, b"\x01\x00\x07"))
            expect_ok("Empty", command(fd, 0x0D))
            if int.from_bytes(expect_ok("TemplateNum", command(fd, 0x1D)), "big") != 0:
                fail("Empty left templates")

            # A password: every instruction but VfyPwd answers 0x21 until it is verified.
            expect_ok("SetPwd", command(fd, 0x12, b"\x11\x22\x33\x44"))
            expect_ok("SetSysPara packet size 128", command(fd, 0x0E, b"\x06\x02"))
            code, _ = command(fd, 0x13, b"\x00\x00\x00\x00")
            if code != 0x13:
                fail("a wrong password answered 0x%02X" % code)
            code, _ = command(fd, 0x1D)
            if code != 0x21:
                fail("an unverified command answered 0x%02X, expected 21" % code)
            expect_ok("VfyPwd", command(fd, 0x13, b"\x11\x22\x33\x44"))
            expect_ok("TemplateNum", command(fd, 0x1D))

            # A command for another address is ignored.
            os.write(fd, packet(0x01, [0x1D], addr=0x12345678))
            ready, _, _ = select.select([fd], [], [], 0.3)
            if ready:
                fail("the module answered a packet for another address")
            os.close(fd)
            control.close()
            print("independent host: all checks passed")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
