/**
 * Wire interoperability with real go-kit 0.10, both ways, over HTTP/JSON, gRPC and JSON-RPC.
 * The Go peers (interop/go: `addsvc-go`, `addcli-go`, built on Debian's go-kit 0.10) are built
 * by interop/go/build.sh in `beforeAll`; a build failure fails the whole suite.
 */
import { availableParallelism } from "node:os";
import type { Client } from "@grpc/grpc-js";
import { credentials } from "@grpc/grpc-js";
import type { KitError } from "@kit/endpoint";
import { background } from "@kit/endpoint";
import type { Addsvc } from "../../src/app.js";
import type { AddEndpoints } from "../../src/endpoint/set.js";
import { errIntOverflow, errMaxSizeExceeded, errTwoZeroes } from "../../src/service/service.js";
import { grpcClientEndpoints, loadAddService } from "../../src/transport/grpc.js";
import { httpClientEndpoints } from "../../src/transport/http.js";
import { jsonRpcClientEndpoints } from "../../src/transport/jsonrpc.js";
import { startTestAddsvc, testProtoPath } from "../support/addsvc.js";
import type { GoAddsvc } from "../support/go-peers.js";
import { buildGoPeers, runGoCli, startGoAddsvc } from "../support/go-peers.js";
import type { Finished } from "../support/processes.js";
import { run } from "../support/processes.js";

type Transport = "http" | "grpc" | "jsonrpc";
const transports: readonly Transport[] = ["http", "grpc", "jsonrpc"];

/** One call, with the result go-kit's addsvc rules give (a value or a business error). */
interface Case {
  readonly method: "sum" | "concat";
  readonly a: string;
  readonly b: string;
  /** The result; for sum, its exact decimal text. */
  readonly v?: string;
  /** The business error. */
  readonly error?: KitError;
}

const cases: readonly Case[] = [
  { method: "sum", a: "1", b: "2", v: "3" },
  { method: "sum", a: "9007199254740993", b: "0", v: "9007199254740993" },
  { method: "sum", a: "-5", b: "2", v: "-3" },
  { method: "sum", a: "0", b: "0", error: errTwoZeroes },
  { method: "sum", a: "2147483647", b: "1", error: errIntOverflow },
  { method: "sum", a: "-2147483648", b: "-1", error: errIntOverflow },
  { method: "concat", a: "ab", b: "cd", v: "abcd" },
  { method: "concat", a: "é", b: "12345678", v: "é12345678" },
  { method: "concat", a: "0123456789", b: "x", error: errMaxSizeExceeded },
  { method: "concat", a: "é", b: "123456789", error: errMaxSizeExceeded },
];
const successes = cases.filter((c) => c.error === undefined);
const failures = cases.filter((c) => c.error !== undefined);

/** An operand one past int64: JSON carries it, go-kit's `int` fields cannot take it. */
const beyondInt64 = "9223372036854775808";
/** Go's error for {@link beyondInt64} as SumRequest.A. */
const goUnmarshalError = `json: cannot unmarshal number ${beyondInt64} into Go struct field SumRequest.A of type int`;

/** Runs `tasks` with at most as many in flight as there are CPUs (each one is a process). */
async function runLimited(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
}

const label = (c: Case) => `${c.method} ${JSON.stringify(c.a)} ${JSON.stringify(c.b)}`;
const flag = (transport: Transport) => `${transport}-addr`;

/** Go's `json.Marshal` of a result: `{"v":3}` (int64 exact) or `{"v":"abcd"}`. */
const goValueLine = (c: Case) => `{"v":${c.method === "sum" ? c.v : JSON.stringify(c.v)}}\n`;

/** Calls one of our in-process client endpoints with a case's operands. */
function call(endpoints: AddEndpoints, c: Case): Promise<{ v: unknown; err: Error | undefined }> {
  return c.method === "sum"
    ? endpoints.sum(background(), { a: BigInt(c.a), b: BigInt(c.b) })
    : endpoints.concat(background(), { a: c.a, b: c.b });
}

/** What our built addcli prints for a result. */
const ourCliLine = (c: Case, v: string) =>
  c.method === "sum"
    ? `${c.a} + ${c.b} = ${v}\n`
    : `${JSON.stringify(c.a)} + ${JSON.stringify(c.b)} = ${JSON.stringify(v)}\n`;

let ours: Addsvc | undefined;
let go: GoAddsvc | undefined;

beforeAll(async () => {
  await buildGoPeers();
  const [goStarted, oursStarted] = await Promise.allSettled([startGoAddsvc(), startTestAddsvc()]);
  if (goStarted.status === "fulfilled") go = goStarted.value;
  if (oursStarted.status === "fulfilled") ours = oursStarted.value;
  if (goStarted.status === "rejected") throw goStarted.reason;
  if (oursStarted.status === "rejected") throw oursStarted.reason;
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all([go?.stop(), ours?.close()]);
});

/** Whether both servers started (when not, the first beforeAll failed and every test says why). */
const ready = () => go !== undefined && ours !== undefined;

const goAddress = (transport: Transport) => {
  if (!go) throw new Error("addsvc-go is not running");
  return go.addresses[transport];
};

describe("go-kit 0.10's addcli-go calling our addsvc", () => {
  /** Every case on every transport, run up front, a few processes at a time. */
  const results = new Map<string, Finished>();
  beforeAll(async () => {
    if (!ready()) return; // the suite's own beforeAll failed, and every test reports why
    await runLimited(
      transports.flatMap((transport) =>
        cases.map((c) => async () => {
          const args = [`-${flag(transport)}`, ours!.addresses[transport]!, "-method", c.method];
          results.set(`${transport} ${label(c)}`, await runGoCli([...args, "--", c.a, c.b]));
        }),
      ),
    );
  }, 60_000);
  const result = (transport: Transport, c: Case) => results.get(`${transport} ${label(c)}`)!;

  describe.each(transports)("over %s", (transport) => {
    it.each(successes.map((c) => [label(c), c] as const))("gets %s exactly", (_l, c) => {
      expect(result(transport, c)).toEqual({ code: 0, stdout: goValueLine(c), stderr: "" });
    });
  });

  it.each(failures.map((c) => [label(c), c] as const))(
    "over http: %s gets our 400, which go-kit's client reports as the bare status line",
    (_l, c) => {
      // go-kit's HTTP client fails with "400 Bad Request" alone; addcli-go adds our body's
      // `error` as `detail`, so this also proves our 400 body carried go-kit's message.
      const line = { detail: c.error!.message, error: "400 Bad Request", status: 400 };
      expect(result("http", c)).toEqual({
        code: 0,
        stdout: `${JSON.stringify(line)}\n`,
        stderr: "",
      });
    },
  );

  it.each(failures.map((c) => [label(c), c] as const))(
    "over grpc: %s gets the business error in the reply's err field",
    (_l, c) => {
      expect(result("grpc", c)).toEqual({
        code: 0,
        stdout: `${JSON.stringify({ error: c.error!.message })}\n`,
        stderr: "",
      });
    },
  );

  it.each(failures.map((c) => [label(c), c] as const))(
    "over jsonrpc: %s gets our -32602 error object, which go-kit's client reports",
    (_l, c) => {
      expect(result("jsonrpc", c)).toEqual({
        code: 0,
        stdout: `${JSON.stringify({ code: -32602, error: c.error!.message })}\n`,
        stderr: "",
      });
    },
  );
});

describe("our client endpoints calling go-kit 0.10's addsvc-go", () => {
  let grpcClient: Client;
  const clients = {} as Record<Transport, AddEndpoints>;
  beforeAll(() => {
    if (!ready()) return;
    const { Client } = loadAddService(testProtoPath);
    grpcClient = new Client(goAddress("grpc"), credentials.createInsecure());
    clients.http = httpClientEndpoints(`http://${goAddress("http")}`);
    clients.grpc = grpcClientEndpoints(grpcClient);
    clients.jsonrpc = jsonRpcClientEndpoints(`http://${goAddress("jsonrpc")}/`);
  });
  afterAll(() => grpcClient?.close());

  const expected = (c: Case) => (c.method === "sum" ? BigInt(c.v!) : c.v);

  describe.each(transports)("over %s", (transport) => {
    it.each(successes.map((c) => [label(c), c] as const))("gets %s exactly", async (_l, c) => {
      await expect(call(clients[transport], c)).resolves.toMatchObject({
        v: expected(c),
        err: undefined,
      });
    });
  });

  it.each(failures.map((c) => [label(c), c] as const))(
    "over http: %s turns go-kit's 400 text/plain answer back into the business error",
    async (_l, c) => {
      const res = await call(clients.http, c);
      expect(res.err).toBe(c.error);
      expect(res.v).toBe(c.method === "sum" ? 0n : "");
    },
  );

  it.each(failures.map((c) => [label(c), c] as const))(
    "over grpc: %s reads the business error from the reply's err field",
    async (_l, c) => {
      const res = await call(clients.grpc, c);
      expect(res.err).toBe(c.error);
      expect(res.v).toBe(c.method === "sum" ? 0n : "");
    },
  );

  it.each(failures.map((c) => [label(c), c] as const))(
    "over jsonrpc: %s gets a zero value, because go-kit 0.10's JSON-RPC server drops business errors",
    async (_l, c) => {
      const res = await call(clients.jsonrpc, c);
      expect(res.err).toBeUndefined();
      expect(res.v).toBe(c.method === "sum" ? 0n : "");
    },
  );

  const beyond = { a: BigInt(beyondInt64), b: 0n };

  it("over http: reports go-kit's 500 for an operand beyond int64 as internal, with Go's message", async () => {
    await expect(clients.http.sum(background(), beyond)).rejects.toMatchObject({
      code: "internal",
      message: goUnmarshalError,
      details: { httpStatus: 500 },
    });
  });

  it("over jsonrpc: reports go-kit's -32000 error object for an operand beyond int64, with Go's message", async () => {
    await expect(clients.jsonrpc.sum(background(), beyond)).rejects.toMatchObject({
      code: "unknown",
      message: `couldn't unmarshal body to sum request: ${goUnmarshalError}`,
      details: { jsonRpcCode: -32000 },
    });
  });

  it("over grpc: refuses an operand beyond int64 before sending, where protobufjs would wrap it", async () => {
    await expect(clients.grpc.sum(background(), beyond)).rejects.toMatchObject({
      code: "invalid_argument",
      message: "a: integer out of int64 range",
    });
    await expect(
      clients.grpc.sum(background(), { a: 0n, b: -(2n ** 63n) - 1n }),
    ).rejects.toMatchObject({ code: "invalid_argument", message: "b: integer out of int64 range" });
  });
});

describe("our built addcli calling go-kit 0.10's addsvc-go", () => {
  const results = new Map<string, Finished>();
  beforeAll(async () => {
    if (!ready()) return; // the suite's own beforeAll failed, and every test reports why
    await runLimited(
      transports.flatMap((transport) =>
        [...cases, { method: "sum", a: beyondInt64, b: "0" } as const].map((c) => async () => {
          const args = [`--${flag(transport)}`, goAddress(transport), "--method", c.method];
          results.set(`${transport} ${label(c)}`, await run("addcli", [...args, "--", c.a, c.b]));
        }),
      ),
    );
  }, 60_000);
  const result = (transport: Transport, c: Case) => results.get(`${transport} ${label(c)}`)!;

  describe.each(transports)("over %s", (transport) => {
    it.each(successes.map((c) => [label(c), c] as const))("prints %s exactly", (_l, c) => {
      expect(result(transport, c)).toEqual({ code: 0, stdout: ourCliLine(c, c.v!), stderr: "" });
    });
  });

  describe.each(["http", "grpc"] as const)("over %s", (transport) => {
    it.each(failures.map((c) => [label(c), c] as const))(
      "reports the business error of %s",
      (_l, c) => {
        expect(result(transport, c)).toEqual({
          code: 1,
          stdout: "",
          stderr: `addcli: ${c.error!.message}\n`,
        });
      },
    );
  });

  it.each(failures.map((c) => [label(c), c] as const))(
    "over jsonrpc: %s prints a zero value, because go-kit 0.10's JSON-RPC server drops business errors",
    (_l, c) => {
      const v = c.method === "sum" ? "0" : "";
      expect(result("jsonrpc", c)).toEqual({ code: 0, stdout: ourCliLine(c, v), stderr: "" });
    },
  );

  it.each([
    ["http", `internal: ${goUnmarshalError}`],
    ["jsonrpc", `unknown: couldn't unmarshal body to sum request: ${goUnmarshalError}`],
    ["grpc", "invalid_argument: a: integer out of int64 range"],
  ] as const)("over %s: reports an operand beyond int64 as %s", (transport, message) => {
    const c: Case = { method: "sum", a: beyondInt64, b: "0" };
    expect(result(transport, c)).toEqual({ code: 1, stdout: "", stderr: `addcli: ${message}\n` });
  });
});

describe("go-kit 0.10's addsvc-go on the wire, as our clients must tolerate it", () => {
  const post = (transport: "http" | "jsonrpc", path: string, body: string) =>
    fetch(`http://${goAddress(transport)}${path}`, { method: "POST", body });

  it("answers an HTTP business error with 400, a sniffed text/plain type and {error}", async () => {
    const res = await post("http", "/sum", '{"a":0,"b":0}');
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe('{"error":"can\'t sum two zeroes"}\n');
  });

  it("drops JSON-RPC business errors: sum 0 0 answers result {v:0}, an over-long concat {v:''}", async () => {
    const sum = await post(
      "jsonrpc",
      "/",
      '{"jsonrpc":"2.0","method":"sum","params":{"a":0,"b":0},"id":1}',
    );
    expect(sum.status).toBe(200);
    expect(await sum.text()).toBe('{"jsonrpc":"2.0","result":{"v":0},"id":1}\n');
    const concat = await post(
      "jsonrpc",
      "/",
      '{"jsonrpc":"2.0","method":"concat","params":{"a":"0123456789","b":"x"},"id":2}',
    );
    expect(await concat.text()).toBe('{"jsonrpc":"2.0","result":{"v":""},"id":2}\n');
  });

  it("answers an HTTP operand beyond int64 with 500, text/plain and Go's unmarshal error", async () => {
    const res = await post("http", "/sum", `{"a":${beyondInt64},"b":0}`);
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(`${JSON.stringify({ error: goUnmarshalError })}\n`);
  });

  it("answers JSON-RPC params beyond int64 with -32000 and id null, not the request's id", async () => {
    const res = await post(
      "jsonrpc",
      "/",
      `{"jsonrpc":"2.0","method":"sum","params":{"a":${beyondInt64},"b":0},"id":3}`,
    );
    expect(res.status).toBe(200);
    const message = `couldn't unmarshal body to sum request: ${goUnmarshalError}`;
    expect(await res.text()).toBe(
      `${JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null })}\n`,
    );
  });
});
