/**
 * Header and metadata names a request may carry to attack or confuse a server: the names of
 * prototype properties, and the trace-propagation headers (W3C and B3) the tracing middleware
 * parses.
 */
export const hostileHeaderNames: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "traceparent",
  "tracestate",
  "b3",
  "x-b3-traceid",
  "x-b3-spanid",
  "x-b3-sampled",
];
