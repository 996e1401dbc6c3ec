/**
 * adapter-description
 *
 * Use it when ... (say when to pick this registry over the others). Feed
 * {@link createAdapterNameInstancer} to `createEndpointer` from `@kit/endpoint/sd`, and announce
 * each instance with {@link createAdapterNameRegistrar}.
 *
 * @packageDocumentation
 */
export type { AdapterNameInstancerOptions } from "./adapter-name-instancer.js";
export { createAdapterNameInstancer } from "./adapter-name-instancer.js";
export type { AdapterNameRegistrarOptions } from "./adapter-name-registrar.js";
export { createAdapterNameRegistrar } from "./adapter-name-registrar.js";
