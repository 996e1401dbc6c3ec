import {
  codeFromGrpcStatus,
  codeFromHttpStatus,
  codeFromJsonRpcCode,
  codes,
  codeTable,
  isCode,
} from "../src/codes.js";

describe("codeTable", () => {
  it("maps every code to gRPC's own status number", () => {
    expect(codes.map((c) => [c, codeTable[c].grpcStatus])).toEqual([
      ["canceled", 1],
      ["unknown", 2],
      ["invalid_argument", 3],
      ["deadline_exceeded", 4],
      ["not_found", 5],
      ["already_exists", 6],
      ["permission_denied", 7],
      ["resource_exhausted", 8],
      ["failed_precondition", 9],
      ["aborted", 10],
      ["out_of_range", 11],
      ["unimplemented", 12],
      ["internal", 13],
      ["unavailable", 14],
      ["data_loss", 15],
      ["unauthenticated", 16],
    ]);
  });

  it("gives the HTTP statuses that transports answer with", () => {
    expect(codeTable.invalid_argument.httpStatus).toBe(400);
    expect(codeTable.unauthenticated.httpStatus).toBe(401);
    expect(codeTable.permission_denied.httpStatus).toBe(403);
    expect(codeTable.not_found.httpStatus).toBe(404);
    expect(codeTable.resource_exhausted.httpStatus).toBe(429);
    expect(codeTable.internal.httpStatus).toBe(500);
    expect(codeTable.unimplemented.httpStatus).toBe(501);
    expect(codeTable.unavailable.httpStatus).toBe(503);
    expect(codeTable.deadline_exceeded.httpStatus).toBe(504);
  });

  it("uses JSON-RPC's own codes where they fit and distinct server codes elsewhere", () => {
    expect(codeTable.invalid_argument.jsonRpcCode).toBe(-32602);
    expect(codeTable.unimplemented.jsonRpcCode).toBe(-32601);
    expect(codeTable.internal.jsonRpcCode).toBe(-32603);
    expect(codeTable.unavailable.jsonRpcCode).toBe(-32014);
    const all = codes.map((c) => codeTable[c].jsonRpcCode);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((n) => n <= -32000 && n >= -32768)).toBe(true);
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(codeTable)).toBe(true);
    expect(Object.isFrozen(codeTable.internal)).toBe(true);
  });
});

describe("reverse mappings", () => {
  it("round-trips every code through its gRPC status and JSON-RPC code", () => {
    for (const code of codes) {
      expect(codeFromGrpcStatus(codeTable[code].grpcStatus)).toBe(code);
      expect(codeFromJsonRpcCode(codeTable[code].jsonRpcCode)).toBe(code);
    }
  });

  it("gives unknown for gRPC OK and numbers outside the set", () => {
    expect(codeFromGrpcStatus(0)).toBe("unknown");
    expect(codeFromGrpcStatus(99)).toBe("unknown");
  });

  it("treats JSON-RPC parse and request errors as invalid_argument", () => {
    expect(codeFromJsonRpcCode(-32700)).toBe("invalid_argument");
    expect(codeFromJsonRpcCode(-32600)).toBe("invalid_argument");
    expect(codeFromJsonRpcCode(12)).toBe("unknown");
  });

  it("maps every HTTP status of the table back to a code with that status", () => {
    for (const code of codes) {
      const status = codeTable[code].httpStatus;
      expect(codeTable[codeFromHttpStatus(status)].httpStatus).toBe(status);
    }
  });

  it("maps HTTP statuses outside the table by class", () => {
    expect(codeFromHttpStatus(418)).toBe("failed_precondition");
    expect(codeFromHttpStatus(502)).toBe("unavailable");
    expect(codeFromHttpStatus(599)).toBe("unavailable");
    expect(codeFromHttpStatus(302)).toBe("unknown");
  });
});

describe("isCode", () => {
  it("accepts the canonical codes only", () => {
    expect(isCode("unavailable")).toBe(true);
    expect(isCode("UNAVAILABLE")).toBe(false);
    expect(isCode("toString")).toBe(false);
    expect(isCode(14)).toBe(false);
  });
});
