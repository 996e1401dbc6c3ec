import * as root from "../src/index.js";

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        "createClient",
        "createServer",
        "decodeJSONRequest",
        "decodeJSONResponse",
        "defaultBodyLimit",
        "defaultErrorDecoder",
        "defaultErrorEncoder",
        "encodeJSONRequest",
        "encodeJSONResponse",
        "errorMessage",
        "errorStatus",
        "httpTransport",
        "jsonRequestEncoder",
        "jsonResponseEncoder",
        "metadataFromHeaders",
      ].sort(),
    );
  });

  it("names the plugin for fastify's plugin listing", () => {
    expect(
      (root.httpTransport as unknown as Record<symbol, unknown>)[
        Symbol.for("fastify.display-name")
      ],
    ).toBe("@kit/transport-http");
  });
});
