/**
 * The conformance suite for @kit service-discovery adapters. An adapter's tests start a real
 * backend, describe it as a {@link ConformanceBackend}, and call
 * {@link describeInstancerConformance}; passing it is how a new adapter proves go-kit's `sd`
 * semantics. Private to this repository: it runs under jest and ships nowhere.
 *
 * @packageDocumentation
 */
export type { ConformanceBackend, ConformanceOptions } from "./conformance.js";
export { describeInstancerConformance } from "./conformance.js";
export type { EventRecorder } from "./event-recorder.js";
export { anError, excluding, including, record } from "./event-recorder.js";
