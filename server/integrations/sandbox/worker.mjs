// Sandbox worker (plain JavaScript on purpose: it is loaded by path at runtime,
// outside any bundler). It evaluates user code in a fresh QuickJS runtime per job.
// The host (sandbox.ts) enforces a hard wall-clock limit with worker.terminate();
// the QuickJS interrupt deadline and memory limit here are the first line of defence.
//
// Protocol:
//   worker -> host: { type: "ready" } once QuickJS is loaded
//   host -> worker: { type: "run", code, inputJson, timeoutMs }   (memoryMb is fixed per worker: workerData)
//   worker -> host: { type: "result", ok: true, json, logs, reusable }
//                 | { type: "result", ok: false, code, message, line, logs, reusable }
import { parentPort, workerData } from "node:worker_threads";
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from "quickjs-emscripten";

const STACK_BYTES = 256 * 1024;
const MAX_LOG_LINES = 200;
const MAX_LOG_LINE_CHARS = 2000;
const MAX_LOG_TOTAL_CHARS = 64 * 1024;
const FILE_NAME = "code.js";

// Installed inside the VM before the user code: formats console arguments to one string
// and hands it to the single host function, which is removed from the global object
// right away. JSON, Reflect and String are captured here, because user code may replace
// them (`JSON.stringify = () => 42`): the step's result is serialized with the captured
// originals, so such code cannot corrupt or fake the result. The prelude's value is the
// serializer the host calls on the returned value.
const PRELUDE = `(() => {
  const hostLog = globalThis.__hostLog;
  delete globalThis.__hostLog;
  const json = JSON, stringify = JSON.stringify, parse = JSON.parse, apply = Reflect.apply, Str = String, Err = Error;
  const toJson = (v) => apply(stringify, json, [v]);
  const fmt = (v) => {
    if (typeof v === "string") return v;
    if (v instanceof Err) return Str(v);
    try { const s = toJson(v); return s === undefined ? Str(v) : s; } catch (e) { return Str(v); }
  };
  const make = (level) => (...args) => {
    let line = "";
    for (let i = 0; i < args.length; i++) line += (i ? " " : "") + fmt(args[i]);
    hostLog(level, line);
  };
  globalThis.console = { log: make("log"), info: make("info"), warn: make("warn"), error: make("error"), debug: make("debug") };
  globalThis.input = apply(parse, json, [globalThis.__inputJson]);
  delete globalThis.__inputJson;
  return (v) => {
    let s;
    try { s = toJson(v); } catch (e) {
      let why;
      try { why = Str((e && e.message) || e); } catch (e2) { why = "the value could not be converted"; }
      return { notJson: typeof why === "string" ? why : "the value could not be converted" };
    }
    return typeof s === "string" ? s : "null";
  };
})()`;

// QuickJS's own allocation accounting does not work in this wasm build
// (malloc_usable_size is unavailable, so it counts 8 bytes per block): the real memory
// limit is the maximum size of the WebAssembly memory the module runs in. 16 MB are
// reserved for the module itself (static data, C stack); the rest is the code's heap.
const PAGE = 65536;
const BASE_PAGES = 256;
const memoryMb = Number(workerData?.memoryMb) > 0 ? Number(workerData.memoryMb) : 64;
const wasmMemory = new WebAssembly.Memory({ initial: BASE_PAGES, maximum: BASE_PAGES + memoryMb * 16 });
const maxBytes = (BASE_PAGES + memoryMb * 16) * PAGE;
const QuickJS = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
const memoryExhausted = () => wasmMemory.buffer.byteLength >= maxBytes - 2 * 1024 * 1024;

function createLogSink() {
  const logs = [];
  let total = 0;
  let dropped = 0;
  return {
    push(level, text) {
      if (logs.length >= MAX_LOG_LINES || total >= MAX_LOG_TOTAL_CHARS) {
        dropped++;
        return;
      }
      let line = level === "log" ? text : `[${level}] ${text}`;
      if (line.length > MAX_LOG_LINE_CHARS) line = `${line.slice(0, MAX_LOG_LINE_CHARS)}… (${line.length - MAX_LOG_LINE_CHARS} more characters)`;
      total += line.length;
      logs.push(line);
    },
    done() {
      if (dropped > 0) logs.push(`… ${dropped} more log line(s) dropped (limit ${MAX_LOG_LINES} lines / ${MAX_LOG_TOTAL_CHARS} characters)`);
      return logs;
    },
  };
}

function lineOf(stack) {
  if (typeof stack !== "string") return null;
  const m = new RegExp(`${FILE_NAME.replace(".", "\\.")}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : null;
}

function describeError(dumped) {
  if (dumped && typeof dumped === "object") {
    const name = typeof dumped.name === "string" ? dumped.name : "Error";
    const message = typeof dumped.message === "string" ? dumped.message : JSON.stringify(dumped);
    return { name, message, line: lineOf(dumped.stack), opaque: false };
  }
  let text;
  try {
    text = JSON.stringify(dumped);
  } catch {
    text = String(dumped);
  }
  // Not an Error object: either user code threw a plain value, or QuickJS could not even
  // allocate the error (memory exhausted); `opaque` lets the caller tell these apart.
  return { name: "Error", message: `Uncaught ${text ?? String(dumped)}`, line: null, opaque: true };
}

function run({ code, inputJson, timeoutMs }) {
  const sink = createLogSink();
  const deadline = Date.now() + timeoutMs;
  let interrupted = false;
  const rt = QuickJS.newRuntime();
  rt.setMemoryLimit(memoryMb * 1024 * 1024);
  rt.setMaxStackSize(STACK_BYTES);
  rt.setInterruptHandler(() => {
    if (Date.now() > deadline) {
      interrupted = true;
      return true;
    }
    return false;
  });
  const ctx = rt.newContext();
  let reusable = true;

  const fail = (err) => {
    if (interrupted) {
      reusable = false;
      return { ok: false, code: "CODE_TIMEOUT", message: `Code step exceeded its ${timeoutMs} ms time limit`, line: null };
    }
    if (/out of memory/i.test(err.message) || (err.opaque && memoryExhausted())) {
      reusable = false;
      return { ok: false, code: "CODE_MEMORY", message: `Code step exceeded its ${memoryMb} MB memory limit`, line: null };
    }
    if (/stack overflow/i.test(err.message)) {
      return { ok: false, code: "CODE_ERROR", message: `${err.name}: ${err.message} (recursion too deep)`, line: err.line };
    }
    return { ok: false, code: "CODE_ERROR", message: `${err.name}: ${err.message}`, line: err.line };
  };
  let serializer = null;
  // The returned value to a JSON string, inside the VM, with the prelude's captured
  // JSON.stringify (toJSON methods and getters are user code: the deadline still applies).
  const serialize = (value) => {
    const r = ctx.callFunction(serializer, ctx.undefined, value);
    if (r.error) return fail(dumpError(r.error));
    try {
      if (ctx.typeof(r.value) === "string") return { ok: true, json: ctx.getString(r.value) };
      // { notJson: why }, read field by field: ctx.dump would serialize it with the VM's
      // JSON, which the user code may have broken (Object.prototype.toJSON).
      const why = ctx.getProp(r.value, "notJson");
      const text = ctx.typeof(why) === "string" ? ctx.getString(why) : "the value could not be converted";
      why.dispose();
      return { ok: false, code: "CODE_ERROR", message: `The return value must be JSON-serializable: ${text}`, line: null };
    } finally {
      r.value.dispose();
    }
  };
  const dumpError = (handle) => {
    try {
      return describeError(ctx.dump(handle));
    } finally {
      handle.dispose();
    }
  };

  let outcome;
  try {
    const hostLog = ctx.newFunction("__hostLog", (levelH, textH) => {
      sink.push(ctx.getString(levelH), ctx.getString(textH));
    });
    ctx.setProp(ctx.global, "__hostLog", hostLog);
    hostLog.dispose();
    const inputH = ctx.newString(inputJson);
    ctx.setProp(ctx.global, "__inputJson", inputH);
    inputH.dispose();
    const prelude = ctx.evalCode(PRELUDE, "prelude.js");
    if (prelude.error) {
      outcome = fail(dumpError(prelude.error));
      if (outcome.code === "CODE_ERROR") outcome.message = `Could not load the step input: ${outcome.message}`;
      return outcome;
    }
    serializer = prelude.value;

    // The wrapper shares the first line with the user code so reported line numbers match.
    const wrapped = `(async function () {${code}\n})()`;
    const evaluated = ctx.evalCode(wrapped, FILE_NAME);
    if (evaluated.error) return (outcome = fail(dumpError(evaluated.error)));
    const promise = evaluated.value;
    try {
      const jobs = rt.executePendingJobs();
      if (jobs.error) return (outcome = fail(dumpError(jobs.error)));
      const state = ctx.getPromiseState(promise);
      if (state.type === "pending") {
        return (outcome = {
          ok: false,
          code: "CODE_ERROR",
          message: "The code awaited a promise that never resolves (code steps have no timers or network access)",
          line: null,
        });
      }
      if (state.type === "rejected") {
        const err = dumpError(state.error);
        return (outcome = fail(err));
      }
      // A wrapper escaped by the code itself yields a plain value; it is serialized the same way.
      const value = state.value;
      try {
        return (outcome = serialize(value));
      } finally {
        if (!state.notAPromise) value.dispose();
      }
    } finally {
      promise.dispose();
    }
  } catch (e) {
    // Host-side failure (e.g. the wasm module ran out of memory while copying values).
    reusable = false;
    const message = e instanceof Error ? e.message : String(e);
    if (interrupted) return (outcome = fail({ name: "InternalError", message: "interrupted", line: null }));
    if (/memory/i.test(message)) return (outcome = fail({ name: "InternalError", message: "out of memory", line: null }));
    return (outcome = { ok: false, code: "CODE_ERROR", message: `Sandbox error: ${message}`, line: null });
  } finally {
    try {
      serializer?.dispose();
      ctx.dispose();
      rt.dispose();
    } catch {
      reusable = false;
    }
    // A wasm memory that grew past half its maximum never shrinks: start the next job fresh.
    if (wasmMemory.buffer.byteLength > maxBytes / 2) reusable = false;
    if (outcome) {
      outcome.logs = sink.done();
      outcome.reusable = reusable;
    }
  }
}

parentPort.on("message", (msg) => {
  if (!msg || msg.type !== "run") return;
  const result = run(msg);
  parentPort.postMessage({ type: "result", ...result });
});
parentPort.postMessage({ type: "ready" });
