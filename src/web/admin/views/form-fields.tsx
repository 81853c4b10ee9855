/**
 * A labelled form field with its hint and its server-side error next to it, wired for screen
 * readers (aria-invalid, aria-describedby). Used by the directory pages.
 */
export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly required?: boolean;
  /** A textarea of this many rows instead of a one-line input. */
  readonly rows?: number;
  readonly type?: 'text' | 'search';
}

export function describedBy(id: string, error?: string, hint?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

/** The hint and error paragraphs a field's aria-describedby points at. */
export function FieldNotes(props: { id: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </>
  );
}

export function Field(props: FieldProps) {
  const { id, error, hint } = props;
  const aria = describedBy(id, error, hint);
  return (
    <>
      <label for={id}>{props.label}</label>
      {props.rows ? (
        <textarea id={id} name={id} rows={props.rows} class="short" required={props.required} {...aria}>
          {props.value}
        </textarea>
      ) : (
        <input id={id} name={id} type={props.type ?? 'text'} value={props.value} required={props.required} {...aria} />
      )}
      <FieldNotes id={id} error={error} hint={hint} />
    </>
  );
}

