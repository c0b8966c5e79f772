"""A test RFB server that records every client message it receives (one line each in /tmp/rfb-echo.log).

Speaks RFB 3.3, 3.7 or 3.8 (RFB_ECHO_VERSION, default 3.8) with security None, answers every
FramebufferUpdateRequest with a raw 64x48 update followed by a ServerCutText, and never filters
anything itself: whatever reaches it got through the relay.
"""
import os
import socket
import struct
import threading

LOG = '/tmp/rfb-echo.log'
W, H = 64, 48
MINOR = int(os.environ.get('RFB_ECHO_VERSION', '3.8').split('.')[1])
CLIP = b'server-clipboard-secret'


def recvn(c, n):
    out = b''
    while len(out) < n:
        b = c.recv(n - len(out))
        if not b:
            raise EOFError
        out += b
    return out


def serve(c):
    with open(LOG, 'a', buffering=1) as log:
        c.sendall(b'RFB 003.%03d\n' % MINOR)
        version = recvn(c, 12).decode('latin1')
        log.write('version %s\n' % version.strip())
        minor = min(MINOR, int(version[8:11]))
        if minor == 3:
            c.sendall(struct.pack('>I', 1))
        else:
            c.sendall(bytes([1, 1]))
            log.write('security %d\n' % recvn(c, 1)[0])
            if minor == 8:
                c.sendall(struct.pack('>I', 0))
        log.write('clientinit %d\n' % recvn(c, 1)[0])
        pf = struct.pack('>BBBBHHHBBB3x', 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)
        name = b'rfb-echo'
        c.sendall(struct.pack('>HH', W, H) + pf + struct.pack('>I', len(name)) + name)
        while True:
            t = recvn(c, 1)[0]
            if t == 0:
                recvn(c, 19)
                log.write('SetPixelFormat\n')
            elif t == 2:
                n = struct.unpack('>H', recvn(c, 3)[1:3])[0]
                encs = struct.unpack('>%di' % n, recvn(c, 4 * n))
                log.write('SetEncodings %s\n' % ','.join(map(str, encs)))
            elif t == 3:
                recvn(c, 9)
                log.write('FramebufferUpdateRequest\n')
                rect = struct.pack('>HHHHi', 0, 0, W, H, 0) + bytes([0x40]) * (W * H * 4)
                c.sendall(struct.pack('>BxH', 0, 1) + rect)
                c.sendall(struct.pack('>B3xI', 3, len(CLIP)) + CLIP)
            elif t == 4:
                recvn(c, 7)
                log.write('KeyEvent\n')
            elif t == 5:
                recvn(c, 5)
                log.write('PointerEvent\n')
            elif t == 6:
                n = struct.unpack('>i', recvn(c, 7)[3:7])[0]
                text = recvn(c, abs(n))
                log.write('ClientCutText %d %s\n' % (n, text[:40].decode('latin1')))
            elif t == 150:
                recvn(c, 9)
                log.write('EnableContinuousUpdates\n')
            elif t == 248:
                n = recvn(c, 8)[7]
                recvn(c, n)
                log.write('ClientFence\n')
            elif t == 250:
                recvn(c, 3)
                log.write('xvp\n')
            elif t == 251:
                n = recvn(c, 7)[5]
                recvn(c, 16 * n)
                log.write('SetDesktopSize\n')
            elif t == 255:
                sub = recvn(c, 1)[0]
                recvn(c, 10 if sub == 0 else 2)
                log.write('QEMU %d\n' % sub)
            else:
                log.write('unknown %d\n' % t)
                return


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', 5901))
    s.listen(16)
    while True:
        c, _ = s.accept()
        threading.Thread(target=lambda: _run(c), daemon=True).start()


def _run(c):
    try:
        serve(c)
    except (EOFError, OSError):
        pass
    finally:
        c.close()


main()
