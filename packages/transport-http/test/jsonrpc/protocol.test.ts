import { codes, KitError } from "@kit/endpoint";
import {
  fromErrorObject,
  jsonRpcErrorCodes,
  protocolError,
  toErrorObject,
} from "../../src/jsonrpc/protocol.js";

describe("toErrorObject", () => {
  it("maps a KitError through the code table, with the kit code and details in data", () => {
    expect(toErrorObject(new KitError("resource_exhausted", "slow down"))).toEqual({
      code: -32008,
      message: "slow down",
      data: { code: "resource_exhausted" },
    });
    expect(
      toErrorObject(new KitError("invalid_argument", "bad", { details: { issues: [] } })),
    ).toEqual({
      code: -32602,
      message: "bad",
      data: { code: "invalid_argument", details: { issues: [] } },
    });
  });

  it("lets an error's own jsonRpcCode win, keeping its message", () => {
    expect(toErrorObject(protocolError("invalid_argument", -32700, "parse error"))).toEqual({
      code: -32700,
      message: "parse error",
      data: { code: "invalid_argument" },
    });
    expect(toErrorObject(Object.assign(new Error("teapot"), { jsonRpcCode: -32042 }))).toEqual({
      code: -32042,
      message: "teapot",
      data: { code: "unknown" },
    });
  });

  it("hides anything else behind -32603 internal error", () => {
    expect(toErrorObject(new Error("password=hunter2"))).toEqual({
      code: jsonRpcErrorCodes.internalError,
      message: "internal error",
      data: { code: "internal" },
    });
    expect(toErrorObject("a string")).toEqual(toErrorObject(new Error("x")));
  });
});

describe("fromErrorObject", () => {
  it("prefers a kit code in data, else maps the JSON-RPC code", () => {
    const kit = fromErrorObject({ code: -32602, message: "m", data: { code: "out_of_range" } });
    expect([kit.code, kit.message]).toEqual(["out_of_range", "m"]);
    expect(fromErrorObject({ code: -32700, message: "p" }).code).toBe("invalid_argument");
    expect(fromErrorObject({ code: -32600, message: "p" }).code).toBe("invalid_argument");
    expect(fromErrorObject({ code: -32603, message: "p" }).code).toBe("internal");
    expect(fromErrorObject({ code: -32004, message: "p" }).code).toBe("deadline_exceeded");
    expect(fromErrorObject({ code: 17, message: "p", data: { code: "nope" } }).code).toBe(
      "unknown",
    );
  });

  it("keeps the JSON-RPC code and data in details, and makes up a message when none came", () => {
    const err = fromErrorObject({ code: -32001, message: "", data: [1] });
    expect(err.message).toBe("JSON-RPC error -32001");
    expect(err.details).toEqual({ jsonRpcCode: -32001, data: [1] });
  });

  it("round-trips every kit code through toErrorObject", () => {
    for (const code of codes)
      expect(fromErrorObject(toErrorObject(new KitError(code, "m"))).code).toBe(code);
  });
});
