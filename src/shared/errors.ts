/** A mistake in what the user asked for (a missing folder, a mail in the wrong state): its message says it all. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
