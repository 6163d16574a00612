"""Readers that misbehave as a reader meeting a hostile file might, for the bounded child's tests."""

import os
import time


def ask_for_too_much_memory() -> bytes:
    return bytes(64 * 1024**3)


def spin() -> None:
    while True:
        pass


def sleep_forever() -> None:
    time.sleep(3600)


def abort() -> None:
    os.abort()


def send_back_code() -> object:
    return os.system  # a reader taken over could try to hand back something that runs
