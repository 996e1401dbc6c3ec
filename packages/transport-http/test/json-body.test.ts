import { KitError } from "@kit/endpoint";
import {
  bodyText,
  defaultParse,
  defaultStringify,
  isJSONContentType,
  parseJSON,
  toJSON,
} from "../src/json-body.js";

describe("isJSONContentType", () => {
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    [" APPLICATION/JSON ", true],
    ["application/problem+json", true],
    ["text/json", false],
    ["text/plain", false],
    ["application/jsonx", false],
  ])("says %j is JSON: %s", (value, expected) => {
    expect(isJSONContentType(value)).toBe(expected);
  });
});

describe("bodyText", () => {
  it("reads strings, Buffers and other Uint8Arrays as UTF-8, and nothing else", () => {
    expect(bodyText("é")).toBe("é");
    expect(bodyText(Buffer.from("é"))).toBe("é");
    const bytes = new TextEncoder().encode("xé");
    expect(bodyText(bytes.subarray(1))).toBe("é");
    expect(bodyText({ a: 1 })).toBeUndefined();
    expect(bodyText(undefined)).toBeUndefined();
  });
});

describe("parseJSON", () => {
  it("returns the parsed value or throws what onError makes of the message", () => {
    const onError = (detail: string) => new KitError("invalid_argument", `bad: ${detail}`);
    expect(parseJSON("[1]", defaultParse, onError)).toEqual([1]);
    expect(() => parseJSON("[1", defaultParse, onError)).toThrow(/^bad: /);
  });
});

describe("toJSON", () => {
  it("writes null when stringify gives undefined", () => {
    expect(toJSON(undefined, defaultStringify)).toBe("null");
    expect(toJSON({ a: 1 }, defaultStringify)).toBe('{"a":1}');
  });
});
