/**
 * Registers this service instance with a service discovery backend, and removes it (go-kit's
 * `sd.Registrar`). Adapters (sd-etcd, sd-consul, sd-zookeeper) implement it; both methods are
 * network calls, so both are async and reject with a `KitError` (typically `unavailable`) when
 * the backend cannot be reached.
 *
 * @example
 * await registrar.register();
 * process.once("SIGTERM", () => void registrar.deregister());
 */
export interface Registrar {
  /** Announces this instance; resolves once the backend has accepted it. */
  register(): Promise<void>;
  /** Withdraws this instance; resolves once the backend has removed it. */
  deregister(): Promise<void>;
}
