"""The site filter as command options: the same names with hyphens, built without Django."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from tutela.site_filter import read
from tutela.site_filter.command_line import add_options, option, params_from


def test_every_parameter_is_an_option_read_by_the_same_filter():
    parser = argparse.ArgumentParser()
    add_options(parser)
    options = parser.parse_args(
        ["--type", "church", "--type", "mosque,chapel", "--has-incidents", "yes", "--name", "X"]
    )
    params = params_from(options)
    assert params == {"name": "X", "type": ["church", "mosque,chapel"], "has_incidents": "yes"}
    assert read(params).type == ("church", "mosque", "chapel")


def test_a_refusal_names_the_option():
    assert option("assessed_since") == "--assessed-since"


def test_the_options_are_built_before_django_is_set_up():
    # `tutela` builds every command's options before it sets Django up.
    code = (
        "import argparse, sys\n"
        "from tutela.site_filter.command_line import add_options\n"
        "add_options(argparse.ArgumentParser())\n"
        "assert 'django.db.models' not in sys.modules, 'Django models were imported'\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=environment)
