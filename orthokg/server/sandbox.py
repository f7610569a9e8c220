"""A worker that may not open network sockets: the second line against SSRF.

The first line is :mod:`orthokg.server.query_guard` (SERVICE and LOAD refused on the
parse tree). Should rdflib's parser and Oxigraph's ever read one request differently,
the store could still try to fetch a URL; so on Linux a worker started without
``--allow-service`` installs a seccomp filter under which ``socket(AF_INET, ...)`` and
``socket(AF_INET6, ...)`` fail with ``EACCES`` in every thread of the process. Unix
sockets (the pipe to the web process) and files are untouched. Only the system call
numbers of x86-64 and AArch64 are known here; elsewhere :func:`deny_network` returns
False and the first line stands alone.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06
X32_SYSCALL_BIT = 0x40000000

# machine -> (AUDIT_ARCH value, socket syscall number, seccomp syscall number)
ARCHES = {
    "x86_64": (0xC000003E, 41, 317),
    "aarch64": (0xC00000B7, 198, 277),
}


def _instruction(code: int, jump_true: int, jump_false: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jump_true, jump_false, k)


def _program(arch: int, socket_nr: int) -> bytes:
    """The filter: in this architecture, socket() for IPv4 or IPv6 fails with EACCES;
    everything else is allowed."""
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    return b"".join([
        _instruction(BPF_LD_W_ABS, 0, 0, 4),                    # seccomp_data.arch
        _instruction(BPF_JEQ_K, 1, 0, arch),
        _instruction(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        _instruction(BPF_LD_W_ABS, 0, 0, 0),                    # seccomp_data.nr
        _instruction(BPF_JEQ_K, 1, 0, socket_nr),
        _instruction(BPF_JEQ_K, 0, 4, socket_nr | X32_SYSCALL_BIT),
        _instruction(BPF_LD_W_ABS, 0, 0, 16),                   # args[0], low half: domain
        _instruction(BPF_JEQ_K, 1, 0, socket.AF_INET),
        _instruction(BPF_JEQ_K, 0, 1, socket.AF_INET6),
        _instruction(BPF_RET_K, 0, 0, deny),
        _instruction(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ])


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> bool:
    """Forbid IPv4 and IPv6 sockets to every thread of this process, for good.
    True when the filter is installed; False where it cannot be (not Linux, an unknown
    architecture, a kernel without seccomp)."""
    known = ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or known is None:
        return False
    arch, socket_nr, seccomp_nr = known
    libc = ctypes.CDLL(None, use_errno=True)
    program = _program(arch, socket_nr)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    done = libc.syscall(seccomp_nr, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
                        ctypes.byref(fprog))
    return bool(done == 0)
