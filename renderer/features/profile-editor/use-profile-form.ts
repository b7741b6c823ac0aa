import { useCallback, useMemo, useState } from 'react';
import type { SecretFlags } from '../../../shared/profile/profile';
import { formsEqual, validateForm, type FieldErrors, type FormValues } from './profile-draft';

export interface ProfileForm {
  values: FormValues;
  initial: FormValues;
  set<K extends keyof FormValues>(key: K, value: FormValues[K]): void;
  update(patch: (v: FormValues) => Partial<FormValues>): void;
  /** The message to show under a field: once it was left or a save was tried. */
  error(path: string): string | undefined;
  touch(path: string): void;
  errors: FieldErrors;
  dirty: boolean;
  submitted: boolean;
  setSubmitted(): void;
  /** Start over from new saved values (after a save). */
  reset(values: FormValues): void;
  /** Errors from the host (schema issues), shown until the next edit. */
  setServerErrors(errors: FieldErrors): void;
  secretFlags: SecretFlags | undefined;
}

/** Editor state: values, what was touched, and the validation messages. */
export function useProfileForm(start: FormValues, secretFlags: SecretFlags | undefined): ProfileForm {
  const [initial, setInitial] = useState(start);
  const [values, setValues] = useState(start);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmittedState] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const errors = useMemo(() => ({ ...serverErrors, ...validateForm(values, secretFlags) }), [values, serverErrors, secretFlags]);
  const dirty = useMemo(() => !formsEqual(values, initial), [values, initial]);

  const set = useCallback(<K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setServerErrors({});
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  }, []);
  const update = useCallback((patch: (v: FormValues) => Partial<FormValues>) => {
    setServerErrors({});
    setValues((v) => ({ ...v, ...patch(v) }));
  }, []);
  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), []);
  const error = useCallback(
    (path: string) => (submitted || touched.has(path) || touched.has(path.split('.')[0] as string) ? errors[path] : undefined),
    [errors, submitted, touched],
  );
  const reset = useCallback((next: FormValues) => {
    setInitial(next);
    setValues(next);
    setTouched(new Set());
    setSubmittedState(false);
    setServerErrors({});
  }, []);

  return {
    values,
    initial,
    set,
    update,
    error,
    touch,
    errors,
    dirty,
    submitted,
    setSubmitted: () => setSubmittedState(true),
    reset,
    setServerErrors,
    secretFlags,
  };
}
