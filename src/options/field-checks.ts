/**
 * The options page's one saving model, as pure rules: every control saves when the person commits it (a choice when
 * it is made, a text or number field on blur or Enter), after the value is checked. Each check turns what was typed
 * into the value to store, or into the sentence the page shows beside the field and in its status line. A committed
 * value equal to the stored one saves nothing (Enter then blur commit once).
 */
import { checkSettingsPatch, type Settings } from '../settings/schema';

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** The committed text of a field as a value of setting `field`, with the sentence for each way it can be wrong. */
export type FieldChecker<T> = (text: string) => FieldCheck<T>;

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const wrong = <T>(message: string): FieldCheck<T> => ({ ok: false, message });

/** Whole numbers between `min` and `max`; '' and "2.5" are not. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** The schema's own verdict on a value (so the page never stores what settings would refuse). */
function schemaAccepts(field: keyof Settings, value: unknown): boolean {
  return checkSettingsPatch({ [field]: value }).length === 0;
}

export const checkFeedUrl: FieldChecker<string> = (text) => {
  const trimmed = text.trim();
  if (trimmed === '') return ok('');
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed))
    return wrong('Enter an http:// or https:// address, or leave it empty to use the bundled data only.');
  try {
    new URL(trimmed);
  } catch {
    return wrong('That address is not a valid URL.');
  }
  return schemaAccepts('feedUrl', trimmed) ? ok(trimmed) : wrong('That address is not a valid URL.');
};

export const checkFeedInterval: FieldChecker<number> = (text) => {
  const hours = wholeNumber(text, 1, 168);
  return hours === null ? wrong('Check the feed every 1 to 168 hours.') : ok(hours);
};

export const checkMaxNewTokens: FieldChecker<number> = (text) => {
  const tokens = wholeNumber(text, 1, 1024);
  return tokens === null ? wrong('Enter a whole number from 1 to 1024.') : ok(tokens);
};

export const checkDefaultPrompt: FieldChecker<string> = (text) => {
  const trimmed = text.trim();
  return schemaAccepts('defaultPrompt', trimmed)
    ? ok(trimmed)
    : wrong('Enter a prompt of 1 to 500 characters.');
};

/** Whether committing `text` should save: it is valid and differs from what is stored (or already being saved). */
export function commitOutcome<T>(
  check: FieldChecker<T>,
  text: string,
  stored: T,
): { save: T } | { unchanged: true } | { invalid: string } {
  const checked = check(text);
  if (!checked.ok) return { invalid: checked.message };
  return checked.value === stored ? { unchanged: true } : { save: checked.value };
}
