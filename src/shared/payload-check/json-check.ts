/**
 * Locates the first syntax error in JSON text (RFC 8259) with a message a user understands.
 * JSON.parse decides validity; this scanner only runs on failure, because engines' messages do
 * not always carry a position. Pure: no Node APIs.
 */

export interface SyntaxProblem {
  message: string;
  /** Offset into the text (UTF-16 code units). */
  offset: number;
}

const describe = (c: string | undefined): string =>
  c === undefined
    ? 'the end of the text'
    : c === '\n'
      ? 'a line break'
      : c === '"'
        ? 'a double quote'
        : `"${c}"`;

export function findJsonError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const err = (message: string, offset = i): never => {
    throw Object.assign(new Error(message), { offset });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else err(`Unexpected ${describe(text[i])}: did you mean ${word}? (strings need double quotes)`);
  };
  const string = () => {
    const start = i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            err('Bad \\u escape: it needs four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else err(`Bad escape "\\${e ?? ''}" in a string (use \\\\ for a backslash)`);
      } else if (c < ' ') {
        err(
          c === '\n'
            ? 'Line break inside a string: write it as \\n'
            : 'Control character inside a string: escape it',
        );
      } else i++;
    }
    err('This string is never closed: add a closing double quote', start);
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) err(`Unexpected ${describe(text[i])}: expected a number`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === "'") err('Strings need double quotes, not single quotes');
    err(
      c === undefined
        ? 'Unexpected end of the text: a value is missing'
        : `Unexpected ${describe(c)}: expected a value`,
    );
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] === '}') err('Trailing comma before "}": remove it');
      if (text[i] !== '"') err(`Unexpected ${describe(text[i])}: expected a property name in double quotes`);
      string();
      ws();
      if (text[i] !== ':') err(`Unexpected ${describe(text[i])}: expected ":" after the property name`);
      i++;
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return void i++;
      else err(`Unexpected ${describe(text[i])}: expected "," or "}" after a property value`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      ws();
      if (text[i] === ']') err('Trailing comma before "]": remove it');
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return void i++;
      else err(`Unexpected ${describe(text[i])}: expected "," or "]" after an array element`);
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff)
      err('The text starts with an invisible byte order mark (BOM): remove it');
    value();
    ws();
    if (i < text.length) err(`Unexpected ${describe(text[i])} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    const { message, offset } = e as Error & { offset: number };
    return { message, offset };
  }
}
