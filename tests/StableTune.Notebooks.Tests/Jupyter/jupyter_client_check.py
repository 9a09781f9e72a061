"""Drives the stabletune-csharp kernel with the real jupyter_client package (run by JupyterClientTests).

Usage: python3 jupyter_client_check.py <kernel stderr log file> <kernel working directory>
Needs JUPYTER_PATH to point at a folder whose kernels/ holds the kernelspec. Prints one line per check and
exits non-zero with the reason on the first failure.
"""
import json
import sys
import time

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 60


def check(condition, what, detail=None):
    if not condition:
        raise AssertionError(f"{what}: {json.dumps(detail, default=str)[:2000]}" if detail is not None else what)
    print(f"ok: {what}", flush=True)


def run(kc, code, timeout=TIMEOUT):
    """Executes code; returns the execute_reply content and the iopub messages parented to it, up to idle."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply["content"], outputs
        outputs.append((msg["msg_type"], msg["content"]))


def request(kc, send, timeout=TIMEOUT):
    msg_id = send()
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def send_raw(km, frames):
    """Sends raw multipart frames to the kernel's shell socket from a separate DEALER socket."""
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 1000
    sock.connect(f"tcp://{km.ip}:{km.shell_port}")
    sock.send_multipart(frames)
    time.sleep(0.3)
    sock.close()


def main(log_path, cwd):
    log = open(log_path, "w")
    started = time.time()
    km, kc = start_new_kernel(kernel_name="stabletune-csharp", startup_timeout=120, stderr=log, cwd=cwd)
    try:
        print(f"kernel started in {time.time() - started:.1f} s", flush=True)
        info = request(kc, kc.kernel_info)
        check(info["status"] == "ok" and info["language_info"]["name"] == "C#", "kernel_info_reply", info)
        check(info["protocol_version"].startswith("5."), "protocol 5.x", info)

        reply, outputs = run(kc, 'Console.WriteLine("hello from C#"); var d = display("first"); d.Update("second"); 6 * 7')
        types = [t for t, _ in outputs]
        check(reply["status"] == "ok" and reply["execution_count"] == 1, "execute_reply ok with count 1", reply)
        check(types[0] == "status" and types[1] == "execute_input", "busy then execute_input", types)
        check(any(t == "stream" and c["name"] == "stdout" and "hello from C#" in c["text"] for t, c in outputs), "stdout stream", outputs)
        shown = [c for t, c in outputs if t == "display_data"]
        updated = [c for t, c in outputs if t == "update_display_data"]
        check(shown and "display_id" in shown[0].get("transient", {}), "display_data with a display_id", outputs)
        check(updated and updated[0]["transient"]["display_id"] == shown[0]["transient"]["display_id"]
              and "second" in json.dumps(updated[0]["data"]), "update_display_data of the same display", outputs)
        results = [c for t, c in outputs if t == "execute_result"]
        check(results and "42" in json.dumps(results[0]["data"]) and results[0]["execution_count"] == 1, "execute_result 42", outputs)

        reply, outputs = run(kc, 'throw new InvalidOperationException("boom");')
        errors = [c for t, c in outputs if t == "error"]
        check(reply["status"] == "error" and reply["ename"] == "InvalidOperationException" and reply["evalue"] == "boom",
              "runtime error reply", reply)
        check(errors and len(errors[0]["traceback"]) > 1, "error message with a traceback", outputs)
        reply, _ = run(kc, 'int x = "text";')
        check(reply["status"] == "error" and "CS0029" in reply["evalue"], "compilation error names the diagnostic", reply)

        # comm_open for a target the kernel does not have (a widget manager): closed at once.
        opened = kc.session.send(kc.shell_channel.socket, "comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {}})
        closed = None
        while closed is None:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "comm_close" and msg["parent_header"].get("msg_id") == opened["header"]["msg_id"]:
                closed = msg["content"]
        check(closed["comm_id"] == "c1", "comm_open of an unknown target is closed", closed)

        # stdin: Kernel.GetInputAsync in a cell becomes an input_request; the client's input_reply is the value.
        msg_id = kc.execute('var name = await Microsoft.DotNet.Interactive.Kernel.GetInputAsync("Your name?"); $"hello {name}"', allow_stdin=True)
        prompt = kc.get_stdin_msg(timeout=20)
        check(prompt["msg_type"] == "input_request" and prompt["content"]["prompt"] == "Your name?"
              and prompt["parent_header"]["msg_id"] == msg_id, "input_request on stdin", prompt["content"])
        kc.input("Ada")
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        check(reply["content"]["status"] == "ok", "input_reply answers the cell", reply["content"])
        reply, outputs = run(kc, "name")
        check("Ada" in json.dumps(outputs), "the cell got the typed value", outputs)

        # stop_on_error: a cell queued behind a failing one is aborted, as "Run All" expects.
        failing = kc.execute('System.Threading.Thread.Sleep(1500); throw new Exception("first");')  # the next one queues meanwhile
        queued = kc.execute('"never runs"')
        replies = {}
        while len(replies) < 2:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
            replies[reply["parent_header"].get("msg_id")] = reply["content"]["status"]
        check(replies.get(failing) == "error" and replies.get(queued) == "aborted", "queued cell aborted after an error", replies)

        completion = request(kc, lambda: kc.complete("var s = \"abc\"; s.ToUpp", 22))
        check("ToUpper" in completion["matches"] and completion["cursor_start"] == 17 and completion["cursor_end"] == 22,
              "member completion", completion)
        check(request(kc, lambda: kc.is_complete("if (true) {"))["status"] == "incomplete", "is_complete: incomplete")
        check(request(kc, lambda: kc.is_complete("var y = 1;"))["status"] == "complete", "is_complete: complete")
        inspection = request(kc, lambda: kc.inspect("Console.WriteLine", 10))
        check(inspection["found"] and "WriteLine" in json.dumps(inspection["data"]), "inspect", inspection)

        # Interrupt a long training run: the kit's Trainer observes the cell's cancellation after each batch,
        # so the interrupted cell ends at once and the next cell runs within seconds. Its progress display updates in place.
        reply, _ = run(kc, "#!stabletune")
        check(reply["status"] == "ok", "#!stabletune loads the kit", reply)
        reply, _ = run(kc, "using StableTune.Data; using StableTune.Experiments; using StableTune.Models; using StableTune.Training;\n"
                           "var train = Datasets.FashionMnist(\"train\", new ImageFolderOptions { MaxPerClass = 20 });")
        check(reply["status"] == "ok", "course data loads in the kernel's working directory", reply)
        msg_id = kc.execute("var setup = new TrainingSetup(new MlpConfig { Depth = 2, Width = 64 },\n"
                            "    new TrainConfig { Epochs = 100000, BatchSize = 16, LearningRate = 1e-3 });\n"
                            "var fit = Study.Fit(setup, train, train, seed: 0);")
        progress = []
        deadline = time.time() + 60
        while time.time() < deadline and len([c for t, c in progress if t == "update_display_data"]) < 3:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id:
                progress.append((msg["msg_type"], msg["content"]))
        check(kc.hb_channel.is_beating(), "heartbeat answers while a cell trains")
        shown = [c for t, c in progress if t == "display_data"]
        updates = [c for t, c in progress if t == "update_display_data"]
        shown_ids = {c["transient"]["display_id"] for c in shown}
        check(len(shown) == 1 and len(updates) >= 3 and all(u["transient"]["display_id"] in shown_ids for u in updates),
              "training progress shown once and updated in place", progress)
        interrupted_at = time.time()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        check(reply["content"].get("ename") == "OperationCanceledException", "the interrupted cell ends with an interrupt error", reply["content"])
        reply, outputs = run(kc, "$\"{fit.Result.Status} after {fit.Result.History.Count} epochs\"")
        elapsed = time.time() - interrupted_at
        check(reply["status"] == "ok" and "Cancelled" in json.dumps(outputs) and elapsed < 10,
              f"training stopped cleanly; the next cell answered {elapsed:.1f} s after the interrupt", outputs)

        # Bad messages: each is logged and dropped; the kernel keeps answering.
        session = Session(key=km.session.key)
        good = session.msg("execute_request", {"code": "1", "silent": False})
        parts = [session.pack(p) for p in (good["header"], {}, {}, good["content"])]
        send_raw(km, [b"<IDS|MSG>", b"0" * 64] + parts)                                     # wrong signature
        unknown = session.msg("no_such_request", {})
        send_raw(km, session.serialize(unknown))                                          # unknown type
        broken = [session.pack(good["header"]), b"{}", b"{}", b"{not json"]
        send_raw(km, [b"<IDS|MSG>", session.sign(broken)] + broken)              # malformed JSON
        send_raw(km, [b"just one frame"])                                                 # no delimiter
        reply, outputs = run(kc, '"still alive"')
        check(reply["status"] == "ok", "kernel answers after bad messages", reply)
        log.flush()
        text = open(log_path).read()
        for reason in ("invalid HMAC signature", "unknown message type 'no_such_request'", "not valid JSON", "no <IDS|MSG> delimiter"):
            check(reason in text, f"log line: {reason}", text[-3000:])

        # Restart: a fresh kernel without the old state.
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=120)
        reply, _ = run(kc, "fit")
        check(reply["status"] == "error" and "CS0103" in reply["evalue"], "restart gives a fresh kernel", reply)
        reply, outputs = run(kc, "1 + 1")
        check(reply["status"] == "ok" and reply["execution_count"] >= 1, "restarted kernel runs cells", reply)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        log.close()
    print(f"all checks passed in {time.time() - started:.1f} s", flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2])
    except Exception as e:  # report, exit non-zero
        print(f"FAILED: {type(e).__name__}: {e}", flush=True)
        sys.exit(1)
