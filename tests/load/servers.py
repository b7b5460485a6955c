"""Throwaway servers for the load and fault tests: a private PostgreSQL cluster and gunicorn.

The private cluster lives in a temporary directory on a free loopback port with trust auth, so a
test may stop it hard without touching the machine's shared PostgreSQL. As root, initdb and
pg_ctl refuse to run, so they run as the ``postgres`` OS user.
"""

import glob
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: PG_BINDIR, pg_config, Debian's layout, or the PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    if shutil.which("pg_config"):
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        )
        candidates.append(found.stdout.strip())
    # Debian's pg_config (libpq-dev) may name a client-only directory; the server is here.
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


class PrivateCluster:
    """A PostgreSQL cluster of our own: start, stop (hard) and start again."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        # Under /tmp: the postgres user can reach it (TMPDIR may be private to root), and the
        # socket's path stays within the length a Unix socket allows.
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-", dir="/tmp"))  # noqa: S108
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        try:
            self._init()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _init(self) -> None:
        if self.as_postgres:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.dir}'",
            "max_connections": "200",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(
            command, timeout=timeout, capture_output=True, text=True, cwd=self.dir, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr or done.stdout}"
            )

    def start(self) -> None:
        # -w waits until the server accepts connections (after crash recovery, too).
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def _postmaster_pid(self) -> int | None:
        """The running server's process id, from the pid file it keeps, if it is running."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return None
        return pid

    def destroy(self) -> None:
        """Stop the server if it runs and delete every file; safe to call more than once."""
        try:
            if self._postmaster_pid() is not None:
                self.stop("immediate")
        except (RuntimeError, subprocess.TimeoutExpired):
            # pg_ctl failed: SIGQUIT is what its immediate mode sends to the server we started.
            if (pid := self._postmaster_pid()) is not None:
                os.kill(pid, signal.SIGQUIT)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Gunicorn:
    """The portal under gunicorn on a free loopback port, with explicit settings only."""

    def __init__(self, env: dict[str, str], workers: int = 4, threads: int = 4):
        self.port = free_port()
        self.workers = workers
        self.dir = Path(tempfile.mkdtemp(prefix="portal-gunicorn-"))
        self.log = self.dir / "gunicorn.log"
        # An empty config file, so a gunicorn.conf.py in the working tree changes nothing here.
        config = self.dir / "gunicorn_test.conf.py"
        config.write_text("# Everything is on the command line.\n")
        command = [
            sys.executable, "-m", "gunicorn",
            "--config", str(config),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers),
            "--worker-class", "gthread",
            "--threads", str(threads),
            "--timeout", "30",
            "--graceful-timeout", "5",
            "--error-logfile", "-",
            "--log-level", "warning",
            "portal:create_app()",
        ]  # fmt: skip
        clean = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**clean, **env},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_listening(self, timeout: float = 30) -> None:
        """Wait until gunicorn listens and has all its workers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
            except OSError:
                time.sleep(0.1)
                continue
            if len(self.worker_pids()) == self.workers and self._answers():
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn was not ready within {timeout}s:\n{self.log_tail()}")

    def _answers(self) -> bool:
        """Whether a worker has loaded the app and answers HTTP (with any status)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()
        return True

    def worker_pids(self) -> set[int]:
        """The worker processes' ids (children of the arbiter), to tell if any were replaced."""
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(stat.parent.name))
        return pids

    def stop(self) -> None:
        """Stop the arbiter and its workers; safe to call more than once."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        self._log_file.close()

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""
