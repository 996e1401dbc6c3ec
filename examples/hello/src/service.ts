/** The business logic: a plain object with no knowledge of transports or middleware. */
export interface AddService {
  sum(a: number, b: number): number;
  concat(a: string, b: string): string;
}

/** The maximum length `concat` accepts, as go-kit's addsvc limits its inputs. */
export const maxConcatLength = 10;

/** A plain implementation of {@link AddService}. */
export const addService: AddService = {
  sum: (a, b) => a + b,
  concat: (a, b) => {
    if (a.length + b.length > maxConcatLength) throw new RangeError("result too long");
    return a + b;
  },
};
