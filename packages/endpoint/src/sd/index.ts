/**
 * Service discovery contracts and client-side load balancing.
 *
 * @packageDocumentation
 */
export type { Event } from "./event.js";
