import { lazy, Suspense } from 'react';

export type CodeLanguage = 'json' | 'xml' | 'text';

export interface CodeEditorProps {
  value: string;
  onChange?(value: string): void;
  language?: CodeLanguage;
  readOnly?: boolean;
  placeholder?: string;
  ariaLabel: string;
  minHeight?: number;
  lineWrapping?: boolean;
  /** Check well-formedness as the user types (default on); off for templates, which are not JSON/XML until rendered. */
  lint?: boolean;
}

const load = () => import('./CodeMirrorEditor');
const Editor = lazy(load);

// CodeMirror is not needed for the first screen: it loads once the page is up, so an editor
// opened later (a request's body, a payload) shows at once.
if (typeof window !== 'undefined') {
  const later = () => setTimeout(() => void load(), 300);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

/**
 * CodeMirror 6 as a React component: an editor (payloads, templates) or, with readOnly, a viewer
 * with syntax highlighting (captured bodies). The value is controlled from outside. Until its
 * code has loaded, an empty box of the same size stands in.
 */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<div className="code-editor" aria-busy="true" style={{ minHeight: props.minHeight ?? 160 }} />}>
      <Editor {...props} />
    </Suspense>
  );
}
