/**
 * Whether a model's files fit in the space the browser still gives this extension, and the message when they
 * don't. Pure: the engine passes in what it measured.
 */
import { type UserError, userError } from '../../protocol/errors';

/** Room kept free beyond the files themselves: Cache Storage adds some overhead, and other data needs space. */
const MARGIN = 1.05;

export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

export function spaceProblem(
  modelLabel: string,
  neededBytes: number,
  room: { usage: number; quota: number } | null,
): UserError | null {
  if (!room || neededBytes <= 0) return null;
  const free = Math.max(0, room.quota - room.usage);
  if (neededBytes * MARGIN <= free) return null;
  return userError(
    'storage-full',
    `${modelLabel} needs ${formatSize(neededBytes)} of storage to download, but the browser lets Verdict Lens store only ${formatSize(free)} more.`,
    'Free some disk space or delete a stored model in Options, or choose a smaller model; then try again.',
  );
}
