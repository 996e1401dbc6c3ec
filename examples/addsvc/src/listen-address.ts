/** A `host:port` to listen on or dial; `port` 0 asks the system for a free one. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses a go-style address flag: `:8081` (host defaults to 127.0.0.1, never all interfaces),
 * `127.0.0.1:8081`, `[::1]:8081`. An empty string means "off" and gives `undefined`.
 *
 * @example
 * parseAddress(":8081"); // { host: "127.0.0.1", port: 8081 }
 */
export function parseAddress(flag: string): ListenAddress | undefined {
  if (flag === "") return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(flag);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new TypeError(`invalid address "${flag}": want host:port`);
  return { host: match[1] ?? (match[2] || "127.0.0.1"), port };
}

/** Formats an address for printing and dialing: `127.0.0.1:8081`, `[::1]:8081`. */
export function formatAddress({ host, port }: ListenAddress): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
