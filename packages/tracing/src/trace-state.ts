import type { TraceState } from "@opentelemetry/api";

const maxMembers = 32;
const keyPattern =
  /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})$/;
const valuePattern = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * An immutable W3C `tracestate` list (newest member first), the OpenTelemetry `TraceState`
 * interface implemented here so the package needs nothing beyond `@opentelemetry/api` ^1.3.
 */
class ListTraceState implements TraceState {
  constructor(private readonly members: ReadonlyMap<string, string>) {}

  set(key: string, value: string): TraceState {
    const next = new Map([[key, value]]);
    for (const [k, v] of this.members) if (k !== key) next.set(k, v);
    return new ListTraceState(next);
  }
  unset(key: string): TraceState {
    const next = new Map(this.members);
    next.delete(key);
    return new ListTraceState(next);
  }
  get(key: string): string | undefined {
    return this.members.get(key);
  }
  serialize(): string {
    let out = "";
    for (const [k, v] of this.members) out += out ? `,${k}=${v}` : `${k}=${v}`;
    return out;
  }
}

/**
 * Parses a W3C `tracestate` header (its values joined with `,`): invalid members are dropped,
 * the first of a duplicated key wins, and at most 32 members are kept. Returns `undefined` when
 * nothing valid remains.
 */
export function parseTraceState(header: string): TraceState | undefined {
  const members = new Map<string, string>();
  for (const part of header.split(",")) {
    const member = part.trim();
    const eq = member.indexOf("=");
    if (eq <= 0) continue;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!keyPattern.test(key) || !valuePattern.test(value) || members.has(key)) continue;
    members.set(key, value);
    if (members.size === maxMembers) break;
  }
  return members.size === 0 ? undefined : new ListTraceState(members);
}
