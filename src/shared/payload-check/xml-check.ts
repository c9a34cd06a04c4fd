import type { SyntaxProblem } from './json-check';

/**
 * A small XML 1.0 well-formedness checker: one root element, matching and properly nested tags,
 * quoted and unique attributes, valid character and entity references, comments, CDATA,
 * processing instructions, an XML declaration only at the start, and a DOCTYPE before the root
 * (whose internal subset is skipped, so any named entity is accepted when there is one). It does
 * not validate against a DTD or schema, nor check namespaces. Pure: no Node APIs.
 */

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

export function findXmlError(text: string): SyntaxProblem | undefined {
  let i = 0;
  let hasDoctype = false;
  const err = (message: string, offset = i): never => {
    throw Object.assign(new Error(message), { offset });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const name = (what: string): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m)
      err(`Expected ${what} here, found ${text[i] === undefined ? 'the end of the text' : `"${text[i]}"`}`);
    i += m![0].length;
    return m![0];
  };
  const until = (end: string, what: string, start: number): string => {
    const j = text.indexOf(end, i);
    if (j === -1) err(`${what} is never closed: add "${end}"`, start);
    const body = text.slice(i, j);
    i = j + end.length;
    return body;
  };
  const reference = () => {
    const start = i;
    const m = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|([A-Za-z_:][-A-Za-z0-9_:.]*));/.exec(text.slice(i, i + 64));
    if (!m) err('A bare "&" must be written as &amp;', start);
    if (m![1] && !PREDEFINED.has(m![1]) && !hasDoctype) {
      err(`Unknown entity "&${m![1]};": only &amp; &lt; &gt; &quot; &apos; are predefined`, start);
    }
    i += m![0].length;
  };
  const comment = (start: number) => {
    i += 4;
    const body = until('-->', 'This comment', start);
    if (body.includes('--')) err('"--" is not allowed inside a comment', start);
  };
  const cdata = (start: number) => {
    i += 9;
    until(']]>', 'This CDATA section', start);
  };
  const pi = (start: number) => {
    i += 2;
    const target = name('a processing instruction name');
    if (target.toLowerCase() === 'xml')
      err('The XML declaration <?xml …?> must be at the very start of the document', start);
    until('?>', 'This processing instruction', start);
  };
  const doctype = (start: number) => {
    i += 9;
    let depth = 0;
    while (i < text.length) {
      const c = text[i++];
      if (c === '"' || c === "'") until(c, 'A quoted value in the DOCTYPE', i - 1);
      else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) return;
    }
    err('The DOCTYPE is never closed: add ">"', start);
  };
  const element = (): void => {
    const start = i++;
    const tag = name('an element name after "<"');
    const seen = new Set<string>();
    for (;;) {
      const before = i;
      ws();
      if (text.startsWith('/>', i)) return void (i += 2);
      if (text[i] === '>') break;
      if (i === text.length) err(`The tag <${tag}> is never closed: add ">"`, start);
      if (i === before) err(`Expected whitespace, ">" or "/>" in <${tag}>, found "${text[i]}"`);
      const attrAt = i;
      const attr = name(`an attribute name or ">" in <${tag}>`);
      if (seen.has(attr)) err(`The attribute "${attr}" appears twice in <${tag}>`, attrAt);
      seen.add(attr);
      ws();
      if (text[i] !== '=') err(`Expected "=" after the attribute "${attr}"`);
      i++;
      ws();
      const q = text[i];
      if (q !== '"' && q !== "'") err(`The value of "${attr}" must be in quotes`);
      i++;
      while (i < text.length && text[i] !== q) {
        if (text[i] === '<') err(`"<" is not allowed in an attribute value: write &lt;`);
        if (text[i] === '&') reference();
        else i++;
      }
      if (i >= text.length) err(`The value of "${attr}" is never closed: add ${q}`, attrAt);
      i++;
    }
    i++;
    for (;;) {
      const at = i;
      if (i >= text.length) err(`<${tag}> is never closed: add </${tag}>`, start);
      if (text.startsWith('</', i)) {
        i += 2;
        const end = name('an element name after "</"');
        ws();
        if (text[i] !== '>') err(`Expected ">" to end </${end}>`);
        i++;
        if (end !== tag) err(`</${end}> does not match <${tag}>: close <${tag}> first`, at);
        return;
      }
      if (text.startsWith('<!--', i)) comment(at);
      else if (text.startsWith('<![CDATA[', i)) cdata(at);
      else if (text.startsWith('<?', i)) pi(at);
      else if (text[i] === '<') element();
      else if (text[i] === '&') reference();
      else if (text.startsWith(']]>', i)) err('"]]>" is not allowed in text: write ]]&gt;');
      else i++;
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    if (text.startsWith('<?xml', i) && /[\s?]/.test(text[i + 5] ?? '')) {
      i += 5;
      until('?>', 'The XML declaration', 0);
    }
    let root = false;
    for (;;) {
      ws();
      const at = i;
      if (i >= text.length) break;
      if (text.startsWith('<!--', i)) comment(at);
      else if (text.startsWith('<?', i)) pi(at);
      else if (text.startsWith('<!DOCTYPE', i)) {
        if (root || hasDoctype) err('The DOCTYPE must come once, before the root element');
        hasDoctype = true;
        doctype(at);
      } else if (text[i] === '<' && !root) {
        root = true;
        element();
      } else if (text[i] === '<') err('Only one root element is allowed: wrap the elements in a single root');
      else
        err(
          root ? 'Text after the root element is not allowed' : 'Text before the root element is not allowed',
        );
    }
    if (!root)
      err(
        text.trim() ? 'The document has no root element' : 'The document is empty: it needs a root element',
        i,
      );
    return undefined;
  } catch (e) {
    const { message, offset } = e as Error & { offset: number };
    return { message, offset };
  }
}
