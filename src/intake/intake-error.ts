import type { UserError } from '../protocol/errors';

/** Thrown by intake with the message a person sees; the engine host passes `userError` on unchanged. */
export class IntakeError extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
    this.name = 'IntakeError';
  }
}
