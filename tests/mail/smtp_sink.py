#!/usr/bin/env python3
"""A real SMTP server for the subscription tests and benchmark (aiosmtpd).

Every accepted message is written to OUT/NNNNNNNN.eml (written under a temporary
name, then renamed, so a reader never sees half a file). Prints `PORT <n>` when ready.

--kill-pid-file F --kill-after N: when the N-th message has arrived, and before the
server answers it, SIGKILL the process whose pid is in F. The message is kept, as a
real server that has queued it before answering would: the sender dies not knowing.
--refuse ADDR: answer RCPT TO ADDR with 550 (an address that does not exist).
--defer ADDR: answer RCPT TO ADDR with 451 (greylisting: try again later).
"""
import argparse
import asyncio
import itertools
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, kill_pid_file, kill_after, refuse, defer):
        self.out = out
        self.count = itertools.count(1)
        self.kill_pid_file = kill_pid_file
        self.kill_after = kill_after
        self.refuse = set(a.lower() for a in refuse)
        self.defer = set(a.lower() for a in defer)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such user"
        if address.lower() in self.defer:
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.count)
        path = os.path.join(self.out, f"{n:08d}.eml")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(tmp, path)
        if self.kill_after and n == self.kill_after and self.kill_pid_file:
            with open(self.kill_pid_file) as f:
                os.kill(int(f.read().strip()), signal.SIGKILL)
            await asyncio.sleep(0.2)
        return "250 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--kill-pid-file")
    p.add_argument("--kill-after", type=int, default=0)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--defer", action="append", default=[])
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    port = a.port
    if port == 0:
        import socket

        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    sink = Sink(a.out, a.kill_pid_file, a.kill_after, a.refuse, a.defer)
    controller = Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=10_000_000)
    controller.start()
    print(f"PORT {port}", flush=True)
    try:
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
