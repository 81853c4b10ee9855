/** The message under a field that failed the server's check; its id ties it to the field. */
export function FieldError(props: { id: string; error?: string | undefined }) {
  return props.error ? (
    <p class="error" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

/** aria-invalid and aria-describedby for a field: its hint (when it has one) and its error. */
export function fieldAria(id: string, error?: string, hint = false) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': described || undefined };
}

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
}

/** Label, input, hint and error, in that order (one pattern for every admin form). */
export function InputField(props: FieldProps & { value: string; type?: 'text' | 'email' | 'password' | 'date'; inputMode?: 'numeric' | 'decimal'; required?: boolean; autocomplete?: string; list?: string }) {
  const { id } = props;
  return (
    <>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={id}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        required={props.required}
        autocomplete={props.autocomplete}
        list={props.list}
        {...fieldAria(id, props.error, Boolean(props.hint))}
      />
      <Hint {...props} />
    </>
  );
}

/** A select with the same label, hint and error layout. */
export function SelectField(props: FieldProps & { value: string; options: readonly { value: string; label: string }[] }) {
  const { id } = props;
  return (
    <>
      <label for={id}>{props.label}</label>
      <select id={id} name={id} {...fieldAria(id, props.error, Boolean(props.hint))}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint {...props} />
    </>
  );
}

function Hint(props: FieldProps) {
  return (
    <>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError id={props.id} error={props.error} />
    </>
  );
}

/** The one-line summary above a form the server refused. */
export function ErrorSummary(props: { errors: Record<string, string | undefined> }) {
  const n = Object.values(props.errors).filter(Boolean).length;
  if (!n) return null;
  return (
    <p class="alert" role="alert">
      {n === 1 ? '1 field needs attention.' : `${n} fields need attention.`} Nothing was saved.
    </p>
  );
}

