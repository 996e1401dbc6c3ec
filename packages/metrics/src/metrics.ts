/**
 * The metric contracts, {@link Counter}, {@link Gauge}, {@link Histogram} and {@link Labels}.
 * They live in `@kit/endpoint` so that a metrics backend in another package implements them
 * without depending on this one; this package re-exports them unchanged.
 */
export type { Counter, Gauge, Histogram, Labels } from "@kit/endpoint";
