"""A forked worker (generator.forked.Worker) answers requests one at a time, each answer whole
however long, and ends when this process stops giving it requests, even when a worker started
after it inherited its pipes."""

from __future__ import annotations

import os
import selectors

import pytest

from generator.forked import Worker


def _answer(worker: Worker) -> bytes:
    with selectors.DefaultSelector() as selector:
        selector.register(worker.read, selectors.EVENT_READ)
        while True:
            if not selector.select(10):
                raise AssertionError("no answer in 10 s, and the worker has not ended")
            answer = worker.receive()
            if answer is not None:
                return bytes(answer)


def test_a_worker_answers_request_after_request_each_answer_whole():
    worker = Worker.start(lambda n: bytes([n % 251]) * (n * 100_000))  # up to 3 MB: many pipe reads
    try:
        for n in (3, 30, 0, 7):
            worker.send(n)
            assert _answer(worker) == bytes([n % 251]) * (n * 100_000)
    finally:
        assert worker.reap(stop=False) == 0


def test_a_worker_ends_when_given_no_more_requests_though_a_later_one_inherited_its_pipes():
    first = Worker.start(lambda n: b"first")
    second = Worker.start(lambda n: b"second")  # forked holding copies of the first one's pipe ends
    try:
        first.finish()
        with pytest.raises(EOFError):  # the first one ended (had the second kept its pipe open, it would not)
            _answer(first)
        assert first.reap(stop=False) == 0
        second.send(1)
        assert _answer(second) == b"second"
    finally:
        second.reap(stop=False)
    for worker in (first, second):
        with pytest.raises(ChildProcessError):
            os.waitpid(worker.pid, os.WNOHANG)


def test_a_worker_whose_work_fails_ends_without_an_answer():
    def failing(n: int) -> bytes:
        raise RuntimeError("cannot")

    worker = Worker.start(failing)
    worker.send(1)
    with pytest.raises(EOFError):
        _answer(worker)
    assert worker.reap(stop=False) != 0
