import argparse
import os
from pathlib import Path

from sandbox.seed import reset_demo_data
from sandbox.server import LOOPBACK, base_url, bind, new_api_key, serve_forever
from sandbox.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="A local Gentrace v4 API with demo data.")
    parser.add_argument("--host", default=LOOPBACK, help="address to bind (default: %(default)s, this machine only)")
    parser.add_argument("--port", type=int, default=4010, help="port, 0 for any free one (default: %(default)s)")
    parser.add_argument(
        "--db", type=Path, default=Path(".sandbox/gentrace.db"), help="SQLite file (default: %(default)s)"
    )
    parser.add_argument("--api-key", help="the key clients must send (default: a new random key, printed below)")
    parser.add_argument(
        "--faults",
        action="store_true",
        default=os.environ.get("GENTRACE_SANDBOX_FAULTS") == "1",
        help="accept fault-injection requests, for testing (also GENTRACE_SANDBOX_FAULTS=1); see sandbox/faults.py",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="put the database back to the demo data, then exit (a running sandbox on "
        "the same file sees the change at once)",
    )
    args = parser.parse_args()
    if args.reset:
        store = Store(args.db)
        reset_demo_data(store)
        store.close()
        print(f"Demo data restored in {args.db}.", flush=True)
        return
    api_key = args.api_key or new_api_key()
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    url = base_url(f"[{host}]" if ":" in host else host, port)
    print("Gentrace sandbox: nothing sent here reaches Gentrace. Point any Gentrace client at it with:", flush=True)
    print(f"  GENTRACE_BASE_URL={url}", flush=True)
    print(f"  GENTRACE_API_KEY={api_key}", flush=True)
    print(f"  database: {args.db}   API docs: {url.removesuffix('/api')}/docs", flush=True)
    if args.faults:
        print("  FAULT INJECTION ON: requests may fail on purpose (X-Sandbox-Fault, /api/__sandbox/faults)", flush=True)
    serve_forever(sock, args.db, api_key, faults=args.faults)


if __name__ == "__main__":
    main()
