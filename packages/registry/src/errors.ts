// Errors the store raises, so callers can tell bad input from a broken store from an unreachable one.

/** A composite key, version string or configuration value that the store refuses. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** The store holds something it cannot make sense of (corrupt pointer, manifest of another key...). */
export class StoreCorruptError extends Error {
  override readonly name = 'StoreCorruptError';
}

/** The backend could not be reached or kept failing after the configured retries. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** The backend answered with a permanent refusal (access denied, missing bucket...). */
export class StoreRequestError extends Error {
  override readonly name = 'StoreRequestError';
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
