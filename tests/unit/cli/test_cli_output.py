"""The command line's progress tells the truth and every engine command can answer in JSON."""

import pytest
from typer.testing import CliRunner

from engineroom.cli import app
from engineroom.cli.output import steps

ENGINE_COMMANDS = [
    ["synth", "population"],
    ["synth", "build"],
    ["ingest"],
    ["link"],
    ["lake", "status"],
    ["mesh", "poll"],
    ["refresh"],
    ["risk", "train"],
    ["risk", "score"],
    ["risk", "evaluate"],
]


@pytest.mark.parametrize("command", ENGINE_COMMANDS, ids=" ".join)
def test_every_engine_command_offers_json(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--json" in result.output


def test_the_bar_counts_finished_steps_and_names_the_one_running():
    names = ("features", "segments", "scores")
    with steps(names) as done:
        (task,) = done.bar.tasks
        assert (task.completed, task.total, task.description) == (0, 3, "features")
        done("features", 1, 3)
        assert (task.completed, task.description) == (1, "segments")
        done("segments", 2, 3)
        done("scores", 3, 3)
        assert (task.completed, task.description) == (3, "scores: done")


def test_quiet_steps_draw_nothing(capsys):
    with steps(("a", "b"), quiet=True) as done:
        done("a", 1, 2)
        done("b", 2, 2)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
