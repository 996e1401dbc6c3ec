/**
 * What an {@link Instancer} reports: the full current set of instance addresses, or an error
 * (after which subscribers keep what they had).
 */
export type Event =
  | { readonly instances: readonly string[]; readonly error?: undefined }
  | {
      readonly instances?: undefined;
      readonly error: Error;
    };
