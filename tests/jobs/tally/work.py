from tests.jobs.tally.models import Tally
from tutela.jobs.actions import JobFailed, attach_result, report_progress
from tutela.jobs.files import job_folder

# What a bug's message could hold, which the person must never be shown.
SERVER_PATH = "/srv/tutela/secret/worker-only.txt"


def count(job: Tally) -> None:
    if job.trouble == "refuse":
        raise JobFailed("There is nothing to count: give a number above zero.")
    lines = []
    for number in range(1, job.up_to + 1):
        lines.append(f"counted {number}")
        report_progress(job, number, job.up_to)
    written = job_folder(job) / "counting.txt"
    written.write_text("\n".join(lines) + "\n", encoding="utf-8")
    attach_result(job, written, f"tally of {job.up_to}.txt")
    if job.trouble == "crash":  # after the result was kept: a failed job must not offer it
        raise OSError(f"cannot open {SERVER_PATH}")
