/** Error codes every transport carries unchanged to the client. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'bad_file'
  | 'too_new'
  | 'no_project'
  | 'cancelled'
  | 'unknown_method'
  /** No valid token: sign in with the owner's link or an invite link. */
  | 'unauthenticated'
  /** The caller's role may not do this. */
  | 'forbidden'
  /** A service the host depends on (the team database) cannot be reached now; retry later. */
  | 'unavailable'
  | 'internal';

/** An error the user should read: code for programs, message in plain words. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
