/**
 * adapter-description
 *
 * Use it when ... (say when to pick this backend over the others). Write components against
 * `Counter`, `Gauge` and `Histogram` from `@kit/endpoint` and create them with
 * {@link createAdapterName} in `main`.
 *
 * @packageDocumentation
 */
export type { AdapterName, AdapterNameOptions, AdapterNameSeries } from "./adapter-name.js";
export { createAdapterName } from "./adapter-name.js";
