"""Run a README's "Try it" commands against the lesson and compare what they print.

What a learner does, done by a test: start the lesson (``python -m dayNN_x``, on its own port
when that is free, on the embedded backends), paste the commands of the "Try it" section into
one shell, one after another, and read the output against the README.

How a README writes them (``CONTRIBUTING.md`` has examples):

* In a ``sh``/``bash`` block, each command is followed by its expected output as ``# …`` lines;
  a blank line ends the output. A ``#`` line that does not follow a command describes the next
  one and is not compared. A command runs on as many lines as the shell needs (``\\``, open
  quotes, a here-document).
* A ``console`` block: ``$ command`` lines, each followed by its output.
* A plain, ``text`` or ``json`` block straight after a command block (only blank lines
  between) is the output of that block's last command.
* ``<!-- try-it: not run — why -->`` right above a block leaves it out (it needs a second
  terminal, a browser, a real API key); say why.

Comparing: each expected line must appear in the output, in order, ignoring whitespace; ``…``
stands for anything (ids, times, tokens), and ``← a note`` at the end of a line is the README
talking, not the program. A command with no expected output must exit 0, unless the next one
reads ``$?`` (it carries over from step to step, as in a terminal).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course.catalog import ROOT
from course.fidelity import Problem, load_lesson, relative
from course.net import free_port
from course.processes import interrupt

SECTION = "## Try it"
NOT_RUN_RE = re.compile(r"^<!-- try-it: not run\b.*-->\s*$")
FENCE_RE = re.compile(r"^(`{3,})([\w+-]*)\s*$")
SHELL_LANGUAGES = {"sh", "bash", "shell", "zsh"}
OUTPUT_LANGUAGES = {"", "text", "json", "http", "console-output"}
HEREDOC_RE = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
#: what a lesson started for "Try it" must not inherit: the README shows the embedded defaults
BACKEND_VARIABLES = ("MONGODB_URL", "REDIS_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL")
MARK = "__try_it_step__"
COMPOUND_RE = re.compile(r"\b(for|while|until|if|case|select|function)\b|[{(]\s*$")


@dataclass
class Step:
    command: str
    line: int  # 1-based README line of the command's first line
    expected: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Ran:
    step: Step
    output: str
    status: int | None  # None: it never finished


def parse(text: str) -> list[Step]:
    """The steps of the README's "Try it" section, in order."""
    lines = text.split("\n")
    try:
        start = lines.index(SECTION) + 1
    except ValueError:
        return []
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    steps: list[Step] = []
    i = start
    last_commands_end = -10  # line index after the last command block's closing fence
    skipping_output = False
    while i < end:
        match = FENCE_RE.match(lines[i])
        if not match:
            if lines[i].strip():
                last_commands_end = -10  # prose between: the next plain block is not output
                skipping_output = False
            i += 1
            continue
        fence, language = match.group(1), match.group(2)
        close = next((j for j in range(i + 1, end) if lines[j].strip() == fence), end)
        body = [(n + 1, lines[n]) for n in range(i + 1, close)]
        above = lines[i - 1].strip() if i > start else ""
        if NOT_RUN_RE.match(above):
            skipping_output = True
        elif language in SHELL_LANGUAGES:
            steps += _shell_steps(body)
            last_commands_end = close + 1
            skipping_output = False
        elif language == "console":
            steps += _console_steps(body)
            last_commands_end = close + 1
            skipping_output = False
        elif language in OUTPUT_LANGUAGES and steps and not skipping_output:
            between = lines[last_commands_end:i] if last_commands_end >= 0 else ["x"]
            if not any(line.strip() for line in between):
                steps[-1].expected += [(n, t) for n, t in body if _clean(t)]
        i = close + 1
    return steps


def indented_fences(text: str) -> list[int]:
    """README lines of fences inside "Try it" that are indented (in a list item): not parsed."""
    lines = text.split("\n")
    start = lines.index(SECTION) + 1 if SECTION in lines else len(lines)
    numbers = []
    for i in range(start, len(lines)):
        if lines[i].startswith("## "):
            break
        if re.match(r"^\s+`{3,}", lines[i]):
            numbers.append(i + 1)
    return numbers


def _shell_steps(body: list[tuple[int, str]]) -> list[Step]:
    steps: list[Step] = []
    collecting = False
    k = 0
    while k < len(body):
        number, line = body[k]
        stripped = line.strip()
        if not stripped:
            collecting = False
            k += 1
        elif stripped.startswith("#"):
            if collecting:
                expected = stripped[1:]
                if _clean(expected):
                    steps[-1].expected.append((number, expected))
            k += 1
        else:
            command, k = _command(body, k)
            steps.append(Step(command, number))
            collecting = True
    return steps


def _console_steps(body: list[tuple[int, str]]) -> list[Step]:
    steps: list[Step] = []
    k = 0
    while k < len(body):
        number, line = body[k]
        if line.startswith("$ "):
            first = [(number, line[2:])] + body[k + 1 :]
            command, used = _command(first, 0)
            steps.append(Step(command, number))
            k += used
        else:
            if steps and _clean(line):
                steps[-1].expected.append((number, line))
            k += 1
    return steps


def _command(body: list[tuple[int, str]], k: int) -> tuple[str, int]:
    """One shell command starting at ``body[k]``; return it and the index after it."""
    parts = [body[k][1]]
    k += 1
    heredoc = HEREDOC_RE.search(parts[0])
    if heredoc:
        while k < len(body):
            parts.append(body[k][1])
            k += 1
            if parts[-1].strip() == heredoc.group(2):
                break
        return "\n".join(parts), k
    while k < len(body) and not _complete("\n".join(parts)):
        parts.append(body[k][1])
        k += 1
    return "\n".join(parts), k


def _complete(command: str) -> bool:
    if command.rstrip().endswith("\\"):
        return False
    lexer = shlex.shlex(command, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        list(lexer)
    except ValueError:  # "No closing quotation"
        return False
    if COMPOUND_RE.search(command):  # for … do … done, if … fi, { …: let bash judge
        return subprocess.run(["bash", "-n", "-c", command], capture_output=True).returncode == 0
    return True


def _clean(expected: str) -> str:
    """An expected line without the README's ``← notes`` and without whitespace."""
    return re.sub(r"\s+", "", expected.split("←", 1)[0])


def mismatch(expected: list[tuple[int, str]], output: str) -> tuple[int, str] | None:
    """The first expected line (README line, text) that is not in ``output``, in order."""
    haystack = re.sub(r"\s+", "", ANSI_RE.sub("", output))
    position = 0
    for number, text in expected:
        wanted = _clean(text)
        if not wanted:
            continue
        pattern = ".*?".join(re.escape(piece) for piece in wanted.split("…"))
        found = re.compile(pattern, re.S).search(haystack, position)
        if found is None:
            return number, text.strip()
        position = found.end()
    return None


def check(folder: Path, text: str | None = None, *, timeout_s: float = 120.0) -> list[Problem]:
    """Start the lesson, run the "Try it" steps, and report each that printed something else.

    ``text`` replaces the README's text (the checks' own tests pass a broken copy).
    """
    readme = folder / "README.md"
    label = relative(readme)
    text = readme.read_text() if text is None else text
    steps = parse(text)
    if not steps:
        return [Problem(label, 'the "Try it" section has no commands to run')]
    hidden = [
        Problem(f"{label}:{number}", "an indented code block in Try it is never run: unindent it")
        for number in indented_fences(text)
    ]
    if hidden:
        return hidden
    lesson = load_lesson(folder)
    port = lesson.default_port
    env = {k: v for k, v in os.environ.items() if k not in BACKEND_VARIABLES}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    server = None
    if lesson.kind == "server":
        if not _port_free(port):
            port = free_port()
        server = _start(folder.name, port, env)
    try:
        ran = run_steps(steps, env, lesson.default_port, port, timeout_s)
    finally:
        if server is not None:
            _stop(server)
    problems = []
    for index, r in enumerate(ran):
        # `cmd` then `echo $?`: the README shows the failure on purpose
        status_read = index + 1 < len(steps) and "$?" in steps[index + 1].command
        where = f"{label}:{r.step.line}"
        shown = _first_line(r.step.command)
        if r.status is None:
            problems.append(Problem(where, f"`{shown}` did not finish within {timeout_s:.0f} s"))
            break
        if r.step.expected:
            miss = mismatch(r.step.expected, r.output)
            if miss:
                problems.append(
                    Problem(
                        f"{label}:{miss[0]}",
                        f"`{shown}` (line {r.step.line}) did not print {miss[1]!r}; it printed:\n"
                        + _tail(r.output),
                    )
                )
        elif r.status != 0 and not status_read:
            problems.append(
                Problem(where, f"`{shown}` exited with {r.status}; it printed:\n" + _tail(r.output))
            )
    return problems


def run_steps(
    steps: list[Step], env: dict[str, str], readme_port: int, port: int, timeout_s: float
) -> list[Ran]:
    """All the steps in one shell (variables carry over, as in a learner's terminal)."""
    # The markers split the output per step; `$?` is handed from one step to the next, so a
    # README may show `echo $?` after a command, as in a terminal.
    script = ["exec 2>&1 </dev/null", "__status() { return $1; }", "__s=0"]
    for index, step in enumerate(steps):
        command = step.command
        if port != readme_port:
            command = re.sub(
                rf"\b(localhost|127\.0\.0\.1):{readme_port}\b", f"127.0.0.1:{port}", command
            )
        script += [
            f"printf '\\n{MARK}{index}\\n'; __status $__s",
            command,
            f"__s=$?; printf '\\n{MARK}{index} %s\\n' $__s",
        ]
    with tempfile.TemporaryFile("w+") as out:
        shell = subprocess.Popen(
            ["bash", "-c", "\n".join(script)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: background jobs end with it
        )
        try:
            shell.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            pass
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(shell.pid, signal.SIGKILL)
            shell.wait()
        out.seek(0)
        printed = out.read()
    if port != readme_port:
        printed = printed.replace(f":{port}", f":{readme_port}")
    return _split(steps, printed)


def _split(steps: list[Step], printed: str) -> list[Ran]:
    ran = []
    for index, step in enumerate(steps):
        begin = printed.find(f"\n{MARK}{index}\n")
        if begin < 0:
            break
        body = printed[begin + len(f"\n{MARK}{index}\n") :]
        status_match = re.search(rf"\n{MARK}{index} (\d+)\n", body)
        if status_match is None:
            ran.append(Ran(step, body, None))
            break
        ran.append(Ran(step, body[: status_match.start()], int(status_match.group(1))))
    return ran


def _start(package: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    from course.testing import wait_for_http

    proc = subprocess.Popen(
        [sys.executable, "-m", package, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", 30.0, proc)
    except BaseException:
        _stop(proc)
        raise
    return proc


def _stop(proc: subprocess.Popen) -> None:
    interrupt(proc)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything it started in its group


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        # as uvicorn binds: a port whose last connections are in TIME_WAIT is free to it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _first_line(command: str) -> str:
    first = command.split("\n", 1)[0]
    return first if len(first) <= 70 else first[:69] + "…"


def _tail(output: str, lines: int = 12) -> str:
    kept = output.strip().split("\n")[-lines:]
    return "\n".join("    " + line for line in kept)
