/** A mistake in what the user asked for (a missing folder, a mail in the wrong state): its message says it all. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * A use case refused what it was asked (a ticket or mail that does not exist, bad input, a
 * state that does not allow it). The code says how to answer: 404, 400 or 409.
 */
export class ActionError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}
