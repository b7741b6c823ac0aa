// Text taken from files (names, subjects, messages that quote them) printed to a terminal: a
// control character in it could set the window title, move the cursor or recolour what follows
// (ECMA-48 escape sequences), so every C0 and C1 control but line feed and tab is shown as \xHH.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with its control characters (but \n and \t) made visible. */
export const printable = (text: string): string => text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** A copy of `value` (plain JSON data) with every string made printable. */
export const printableData = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? printable(v) : v)) as T;
