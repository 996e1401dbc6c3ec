import type {
  Context as OtelContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from "@opentelemetry/api";
import { trace } from "@opentelemetry/api";
import { b3Propagator } from "./b3.js";
import { w3cPropagator } from "./w3c.js";

/**
 * A trace header format: `"w3c"` (`traceparent`, `tracestate`), `"b3"` (B3, injected as the
 * single `b3` header) or `"b3-multi"` (B3, injected as `X-B3-*` headers). Both B3 formats
 * extract either encoding.
 */
export type PropagationFormat = "w3c" | "b3" | "b3-multi";

const known: ReadonlySet<string> = new Set(["w3c", "b3", "b3-multi"]);

/**
 * A propagator over several formats: extract tries them in order and keeps the first that finds
 * a valid parent (so a request carrying both `traceparent` and `b3` continues the first format
 * listed); inject writes every format, so peers that read only one of them all follow the trace.
 *
 * @throws TypeError when `formats` is empty, repeats a format or names an unknown one.
 * @example
 * const propagator = compositePropagator(["w3c", "b3"]); // extract either; send traceparent and b3
 */
export function compositePropagator(formats: readonly PropagationFormat[]): TextMapPropagator {
  if (!Array.isArray(formats) || formats.length === 0)
    throw new TypeError("compositePropagator: formats must be a non-empty array");
  const seen = new Set<string>();
  for (const f of formats) {
    if (!known.has(f))
      throw new TypeError(
        `compositePropagator: unknown format ${String(f)}; use "w3c", "b3" or "b3-multi"`,
      );
    if (seen.has(f)) throw new TypeError(`compositePropagator: format ${f} is listed twice`);
    seen.add(f);
  }
  const list = formats.map(toPropagator);
  if (list.length === 1) return list[0] as TextMapPropagator;
  const fields: readonly string[] = Object.freeze([...new Set(list.flatMap((p) => p.fields()))]);
  return Object.freeze({
    inject(context: OtelContext, carrier: unknown, setter: TextMapSetter): void {
      for (let i = 0; i < list.length; i++)
        (list[i] as TextMapPropagator).inject(context, carrier, setter);
    },
    extract(context: OtelContext, carrier: unknown, getter: TextMapGetter): OtelContext {
      for (let i = 0; i < list.length; i++) {
        const out = (list[i] as TextMapPropagator).extract(context, carrier, getter);
        if (out !== context && trace.getSpanContext(out) !== undefined) return out;
      }
      return context;
    },
    fields(): string[] {
      return [...fields];
    },
  });
}

function toPropagator(format: PropagationFormat): TextMapPropagator {
  if (format === "w3c") return w3cPropagator();
  return b3Propagator({ inject: format === "b3" ? "single" : "multi" });
}

/**
 * What the middlewares accept as `propagator`: a list of formats, or any OpenTelemetry
 * `TextMapPropagator` (`@opentelemetry/api`'s global `propagation` object included).
 */
export type PropagatorOption = readonly PropagationFormat[] | TextMapPropagator;

/** Turns a `propagator` option into a propagator, checking it; `where` names the caller. */
export function resolvePropagator(where: string, option: PropagatorOption): TextMapPropagator {
  if (Array.isArray(option)) {
    try {
      return compositePropagator(option);
    } catch (err) {
      throw new TypeError(`${where}: ${(err as Error).message}`);
    }
  }
  const p = option as Partial<TextMapPropagator> | null;
  if (
    typeof p !== "object" ||
    p === null ||
    typeof p.inject !== "function" ||
    typeof p.extract !== "function" ||
    typeof p.fields !== "function"
  )
    throw new TypeError(
      `${where}: propagator must be a list of formats or a TextMapPropagator (inject, extract, fields)`,
    );
  return option as TextMapPropagator;
}
