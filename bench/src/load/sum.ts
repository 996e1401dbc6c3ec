// The one request every HTTP server gets from autocannon, and the answer it must give.

/** The operands autocannon sends. */
export const sumOperands = { a: 20, b: 22 } as const;

/** `POST /sum` body autocannon sends. */
export const sumBody = JSON.stringify(sumOperands);

/** The `v` every answer must carry. */
export const sumExpected = sumOperands.a + sumOperands.b;

/**
 * The operands of closed-loop request number `n`: they vary, so an answer cannot be right by
 * accident, and stay small and non-zero, inside addsvc's 32-bit, no-two-zeroes rules.
 */
export function operands(n: number): { a: number; b: number } {
  return { a: (n % 1000) + 1, b: 2 };
}
