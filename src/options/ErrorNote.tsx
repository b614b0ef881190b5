import type { UserError } from '../protocol/errors';

/** A UserError as people see it: what happened, then what to do. Announced to screen readers when it appears. */
export function ErrorNote({ error, id }: { error: UserError; id?: string }) {
  return (
    <div class="error-note" role="alert" id={id} data-code={error.code}>
      <p>{error.message}</p>
      {error.action && <p class="action">{error.action}</p>}
    </div>
  );
}
