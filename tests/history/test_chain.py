"""Appends take turns at the chain, so concurrent writers never fork it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tutela.history.chain import lock_chain, record_event
from tutela.history.models import AuditEntry
from tutela.history.verify import verify_history


@pytest.mark.django_db(transaction=True)
def test_appending_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside a transaction"):
        lock_chain()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for number in range(10):
                record_event("export", detail={"worker": worker, "number": number})
        except BaseException as error:  # reported below, with the test's own assertion
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert AuditEntry.objects.filter(action="export").count() == 40
    report = verify_history()
    assert report.ok, report.problems
