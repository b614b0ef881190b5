/**
 * A text, address or number field that saves itself when the person commits it: on leaving the field (blur) or on
 * Enter, after its check (field-checks.ts). A wrong value stays in the field, marked invalid with the sentence under
 * it, and is never stored; the page's status line says it too. Shift+Enter still starts a new line in a text area.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { commitOutcome, type FieldChecker } from './field-checks';

interface FieldAttributes {
  type?: 'text' | 'url' | 'number';
  inputMode?: 'numeric';
  min?: number;
  max?: number;
  step?: number;
  placeholder?: string;
  spellcheck?: boolean;
  rows?: number;
  maxLength?: number;
}

interface Props<T> {
  id: string;
  label: string;
  /** The stored value, and how the field shows it. */
  stored: T;
  shown: string;
  check: FieldChecker<T>;
  /** Saves a changed, valid value (and says so in the page's status line). */
  onCommit(value: T): Promise<void>;
  /** Shows a check's sentence in the page's status line. */
  onInvalid(message: string): void;
  /**
   * Said when a refused value is put back to the stored one: nothing is saved, but the status line's complaint is
   * over (e.g. "Maximum new tokens stays 128.").
   */
  onKept(): void;
  multiline?: boolean;
  /** The input's other attributes. */
  input?: FieldAttributes;
  hint?: string;
}

export function CommitField<T>(props: Props<T>) {
  const { id, stored, shown } = props;
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  // The value last sent to storage: Enter commits, and the blur after it must not save the same value again.
  const sent = useRef<T>(stored);
  useEffect(() => {
    sent.current = stored;
    setText(shown);
  }, [stored, shown]);

  const commit = (value: string) => {
    const outcome = commitOutcome(props.check, value, sent.current);
    if ('invalid' in outcome) {
      setError(outcome.invalid);
      props.onInvalid(outcome.invalid);
      return;
    }
    setError(null);
    if ('unchanged' in outcome) {
      if (error) props.onKept();
      return;
    }
    sent.current = outcome.save;
    void props.onCommit(outcome.save);
  };

  const { type, ...attributes } = props.input ?? {};
  const errorId = `${id}-error`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const describedBy = [error ? errorId : null, hintId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: text,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onInput: (e: Event) => setText((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
    onChange: (e: Event) => commit((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || (props.multiline && e.shiftKey) || e.isComposing) return;
      e.preventDefault();
      commit((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
    },
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...attributes} {...common} />
      ) : type === 'number' ? (
        <input type="number" {...attributes} {...common} />
      ) : type === 'url' ? (
        <input type="url" {...attributes} {...common} />
      ) : (
        <input type="text" {...attributes} {...common} />
      )}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
