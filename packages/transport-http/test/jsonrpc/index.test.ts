import * as jsonrpc from "../../src/jsonrpc/index.js";

describe("the jsonrpc subpath", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(jsonrpc).sort()).toEqual(
      [
        "createJsonRpcClient",
        "createJsonRpcServer",
        "endpointCodec",
        "fromErrorObject",
        "jsonRpcErrorCodes",
        "toErrorObject",
      ].sort(),
    );
  });
});
