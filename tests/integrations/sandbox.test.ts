import { afterAll, describe, expect, it } from "vitest";
import { StepError } from "@/server/engine/contract";
import { createSandbox } from "@/server/integrations/sandbox";

const sandbox = createSandbox({ maxConcurrent: 2 });
afterAll(() => sandbox.close());

const opts = { timeoutMs: 1000, memoryMb: 32 };

async function runError(code: string, o = opts): Promise<StepError> {
  try {
    await sandbox.run(code, {}, o);
  } catch (e) {
    expect(e).toBeInstanceOf(StepError);
    return e as StepError;
  }
  throw new Error("expected the code to fail");
}

describe("code sandbox", () => {
  it("returns the value of return, with input as a JSON copy", async () => {
    const input = { trigger: { n: 2 }, steps: { a: { list: [1, 2, 3] } }, vars: { x: "y" } };
    const r = await sandbox.run("return { sum: input.steps.a.list.reduce((s, v) => s + v, 0) * input.trigger.n, x: input.vars.x };", input, opts);
    expect(r.value).toEqual({ sum: 12, x: "y" });
  });

  it("supports await and returns null for undefined", async () => {
    expect((await sandbox.run("const v = await Promise.resolve(21); return v * 2;", {}, opts)).value).toBe(42);
    expect((await sandbox.run("const a = 1;", {}, opts)).value).toBeNull();
  });

  it("captures console output, bounded", async () => {
    const r = await sandbox.run('console.log("hello", { a: 1 }, [1, 2]); console.warn("careful"); return 1;', {}, opts);
    expect(r.logs).toEqual(['hello {"a":1} [1,2]', "[warn] careful"]);
    const many = await sandbox.run("for (let i = 0; i < 1000; i++) console.log('line ' + i); return 0;", {}, opts);
    expect(many.logs.length).toBe(201);
    expect(many.logs[200]).toMatch(/800 more log line\(s\) dropped/);
  });

  it("has no process, require, fetch or host globals", async () => {
    const r = await sandbox.run(
      "return [typeof process, typeof require, typeof fetch, typeof globalThis.__hostLog, typeof setTimeout, typeof XMLHttpRequest];",
      {},
      opts,
    );
    expect(r.value).toEqual(["undefined", "undefined", "undefined", "undefined", "undefined", "undefined"]);
    const err = await runError("return process.env.HOME;");
    expect(err.code).toBe("CODE_ERROR");
    expect(err.message).toContain("'process' is not defined");
    const req = await runError("const fs = require('fs'); return fs.readFileSync('/etc/passwd', 'utf8');");
    expect(req.message).toContain("'require' is not defined");
  });

  it("kills while(true){} at the time limit and the host keeps serving", async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 50);
    const started = Date.now();
    try {
      const err = await runError("while (true) {}");
      const elapsed = Date.now() - started;
      expect(err.code).toBe("CODE_TIMEOUT");
      expect(err.retryable).toBe(false);
      expect(err.message).toBe("Code step exceeded its 1000 ms time limit");
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(3000);
      // The host event loop kept running while the sandbox spun.
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(interval);
    }
    expect((await sandbox.run("return 'still alive';", {}, opts)).value).toBe("still alive");
  });

  it("terminates a native-heavy loop that ignores the interrupt deadline", async () => {
    const started = Date.now();
    const err = await runError("let s = 0; while (true) { s += JSON.stringify(new Array(5000).fill(1)).length; }", { timeoutMs: 300, memoryMb: 32 });
    expect(err.code).toBe("CODE_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("stops memory bombs with CODE_MEMORY", async () => {
    // A generous time limit: the memory limit must be what stops these.
    const bomb = { timeoutMs: 8000, memoryMb: 24 };
    const strings = await runError("const a = []; while (true) a.push('x'.repeat(1e6) + a.length);", bomb);
    expect(strings.code).toBe("CODE_MEMORY");
    expect(strings.message).toBe("Code step exceeded its 24 MB memory limit");
    const objects = await runError("const a = []; for (;;) a.push({ a: 1, b: [1, 2, 3] });", bomb);
    expect(objects.code).toBe("CODE_MEMORY");
    const buffer = await runError("const b = new ArrayBuffer(1e9); return b.byteLength;", bomb);
    expect(buffer.code).toBe("CODE_MEMORY");
    expect((await sandbox.run("return 1 + 1;", {}, opts)).value).toBe(2);
  });

  it("reports syntax and runtime errors with the line", async () => {
    const syntax = await runError("const a = 1;\nconst b = ;\nreturn a;");
    expect(syntax.code).toBe("CODE_ERROR");
    expect(syntax.message).toMatch(/^SyntaxError: .+\(line 2\)$/);
    const runtime = await runError("const a = 1;\n\nthrow new Error('bad input: ' + a);");
    expect(runtime.message).toBe("Error: bad input: 1 (line 3)");
    expect(runtime.details).toMatchObject({ line: 3 });
    const undef = await runError("return input.missing.deep;");
    expect(undef.message).toMatch(/^TypeError: .*(line 1)/);
  });

  it("rejects results that are not JSON-serializable and deep recursion", async () => {
    const circular = await runError("const o = {}; o.self = o; return o;");
    expect(circular.code).toBe("CODE_ERROR");
    expect(circular.message).toMatch(/must be JSON-serializable/);
    const deep = await runError("function f(n) { return f(n + 1) + 1; } return f(0);");
    expect(deep.code).toBe("CODE_ERROR");
    expect(deep.message).toMatch(/stack overflow/i);
  });

  it("keeps logs of failed runs in the error details", async () => {
    const err = await runError("console.log('before'); throw new Error('after');");
    expect(err.details).toMatchObject({ logs: ["before"] });
  });

  it("runs evaluations concurrently without sharing state", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => sandbox.run(`globalThis.leak = (globalThis.leak || 0) + ${n}; return globalThis.leak;`, {}, opts)),
    );
    expect(results.map((r) => r.value)).toEqual([1, 2, 3, 4]);
  });
});

describe("code sandbox: abort signal (step timeout, cancel)", () => {
  const spin = (signal: AbortSignal, s = sandbox) => s.run("while (true) {}", {}, { timeoutMs: 10_000, memoryMb: 32, signal });

  it("stops while(true){} at once on abort, rejects with the reason, and the next evaluation starts right away", async () => {
    // One slot: the follow-up can only run once the aborted evaluation has let go of it.
    const single = createSandbox({ maxConcurrent: 1 });
    try {
      await single.run("return 1;", {}, opts); // starts a worker (and its spare)
      const controller = new AbortController();
      const reason = new Error("step cancelled");
      const spinning = spin(controller.signal, single);
      spinning.catch(() => undefined);
      const follow = single.run("return 'next';", {}, opts);
      await new Promise((r) => setTimeout(r, 300));
      const abortedAt = Date.now();
      controller.abort(reason);
      await expect(spinning).rejects.toBe(reason);
      const rejectedAfter = Date.now() - abortedAt;
      expect((await follow).value).toBe("next");
      const followDoneAfter = Date.now() - abortedAt;
      // Without the signal the slot stayed taken until the code's 10 s limit + 0.5 s grace.
      expect(rejectedAfter).toBeLessThan(100);
      expect(followDoneAfter).toBeLessThan(300);
      // The killed worker is gone for good: later evaluations run on healthy workers.
      expect((await single.run("return 3;", {}, opts)).value).toBe(3);
    } finally {
      await single.close();
    }
  });

  it("rejects at once when aborted while queued for a slot, and never runs the code", async () => {
    const single = createSandbox({ maxConcurrent: 1 });
    try {
      const busy = new AbortController();
      const spinning = spin(busy.signal, single);
      spinning.catch(() => undefined);
      const queued = new AbortController();
      const waiting = single.run("return 1;", {}, { ...opts, signal: queued.signal });
      const t0 = Date.now();
      queued.abort(new Error("cancelled while queued"));
      // Without the abort the promise would wait for the slot, held until busy.abort below: a hang, not a slow pass.
      // The bound only says "at once" on a loaded 2-core machine (the spinning worker holds a core).
      await expect(waiting).rejects.toThrow("cancelled while queued");
      expect(Date.now() - t0).toBeLessThan(1_000);
      busy.abort(new Error("done"));
      await expect(spinning).rejects.toThrow("done");
      expect((await single.run("return 2;", {}, opts)).value).toBe(2);
    } finally {
      await single.close();
    }
  });

  it("rejects without starting when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("already gone"));
    await expect(sandbox.run("return 1;", {}, { ...opts, signal: controller.signal })).rejects.toThrow("already gone");
  });
});

describe("code sandbox: user code that tampers with JSON", () => {
  it("returns the real result when JSON.stringify is replaced", async () => {
    const r = await sandbox.run("JSON.stringify = () => 42; return { ok: true, n: [1, 2] };", {}, opts);
    expect(r.value).toEqual({ ok: true, n: [1, 2] });
    const bogus = await sandbox.run("JSON.stringify = () => '{not json'; return 'fine';", {}, opts);
    expect(bogus.value).toBe("fine");
    const forged = await sandbox.run(`JSON.stringify = () => '{"forged":true}'; return { real: 1 };`, {}, opts);
    expect(forged.value).toEqual({ real: 1 });
  });

  it("returns the real result when JSON, Reflect or Promise.prototype.then are replaced", async () => {
    const r = await sandbox.run("globalThis.JSON = undefined; Reflect.apply = null; Promise.prototype.then = function () { throw new Error('x'); }; return [1, 'a'];", {}, opts);
    expect(r.value).toEqual([1, "a"]);
  });

  it("console.log keeps working after JSON.stringify is replaced", async () => {
    const r = await sandbox.run("JSON.stringify = () => { throw new Error('boom'); }; console.log({ a: 1 }); return 1;", {}, opts);
    expect(r.logs).toEqual(['{"a":1}']);
  });

  it("JSON.parse replaced before use only affects the user's own calls; input is intact", async () => {
    const r = await sandbox.run("JSON.parse = () => 'evil'; return input.trigger.x;", { trigger: { x: 7 } }, opts);
    expect(r.value).toBe(7);
  });

  it("gives a clear error when toJSON throws, and a timeout (not a hang) when toJSON loops", async () => {
    const thrown = await runError("Object.prototype.toJSON = function () { throw new Error('nope'); }; return { a: 1 };");
    expect(thrown.code).toBe("CODE_ERROR");
    expect(thrown.message).toBe("The return value must be JSON-serializable: nope");
    const started = Date.now();
    const loop = await runError("return { toJSON() { for (;;) {} } };", { timeoutMs: 300, memoryMb: 32 });
    expect(loop.code).toBe("CODE_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("serializes toJSON results and getters with the real JSON rules", async () => {
    const r = await sandbox.run(
      "Object.prototype.toJSON = function () { return 'x'; }; return 5;",
      {},
      opts,
    );
    expect(r.value).toBe(5);
    const g = await sandbox.run("return { get a() { return 2; }, b: undefined, c: () => 1, d: new Date(0) };", {}, opts);
    expect(g.value).toEqual({ a: 2, d: "1970-01-01T00:00:00.000Z" });
  });

  it("a throwing getter on the result gives a clear error", async () => {
    const err = await runError("return { get a() { throw new Error('getter broke'); } };");
    expect(err.code).toBe("CODE_ERROR");
    expect(err.message).toBe("The return value must be JSON-serializable: getter broke");
  });

  it("code that escapes the async wrapper still returns a plain result or a clear error", async () => {
    const escaped = await sandbox.run("}); (function () { JSON.stringify = null; return { v: 3 };", {}, opts);
    expect(escaped.value).toEqual({ v: 3 });
    const err = await runError("}); (function () { return { get x() { throw new Error('bad'); } };");
    expect(err.message).toBe("The return value must be JSON-serializable: bad");
  });

  it("a thrown plain object is reported even when Object.prototype.toJSON throws", async () => {
    const err = await runError("Object.prototype.toJSON = function () { throw 1; }; throw new Error('real cause');");
    expect(err.code).toBe("CODE_ERROR");
    expect(err.message).toContain("real cause");
  });
});
