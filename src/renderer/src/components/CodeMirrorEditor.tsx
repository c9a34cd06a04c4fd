import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { bracketMatching, foldGutter, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { tags as t } from '@lezer/highlight';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder as placeholderExt,
} from '@codemirror/view';
import { validatePayload } from '../../../shared/payload-check';
import type { CodeEditorProps, CodeLanguage } from './CodeEditor';

/** Colours come from CSS variables, so the editor follows the app's light and dark themes. */
const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.attributeName], color: 'var(--code-key)' },
  { tag: [t.string, t.special(t.string), t.attributeValue], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--code-number)' },
  { tag: [t.tagName, t.angleBracket], color: 'var(--code-tag)' },
  { tag: [t.comment], color: 'var(--text-3)', fontStyle: 'italic' },
  { tag: [t.punctuation, t.separator, t.bracket], color: 'var(--text-2)' },
]);

const baseTheme = EditorView.theme({
  '&': { fontSize: '12.5px', height: '100%', backgroundColor: 'var(--bg-elev)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'var(--bg-sunken)', color: 'var(--text-3)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-soft)' },
  '.cm-placeholder': { color: 'var(--text-3)' },
});

/** XML well-formedness, with the same checker the core uses before it accepts a payload. */
const xmlLinter = linter(
  (view): Diagnostic[] => {
    const text = view.state.doc.toString();
    if (!text.trim()) return [];
    const check = validatePayload(text, 'xml');
    if (check.ok) return [];
    const line = view.state.doc.line(Math.min(Math.max(check.line, 1), view.state.doc.lines));
    const from = Math.min(line.from + Math.max(check.column - 1, 0), line.to);
    return [{ from, to: Math.min(from + 1, view.state.doc.length), severity: 'error', message: check.message }];
  },
  { delay: 250 },
);

const languageFor = (lang: CodeLanguage, lint = true): Extension =>
  lang === 'json'
    ? [json(), lint ? linter(jsonParseLinter(), { delay: 250 }) : []]
    : lang === 'xml'
      ? [xml(), lint ? xmlLinter : []]
      : [];

/** CodeMirror 6 itself, loaded on demand by ./CodeEditor (it is a third of the app's script). */
export default function CodeMirrorEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const lang = useRef(new Compartment());
  const editable = useRef(new Compartment());

  useEffect(() => {
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        lintGutter(),
        syntaxHighlighting(highlight),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        baseTheme,
        props.lineWrapping === false ? [] : EditorView.lineWrapping,
        props.placeholder ? placeholderExt(props.placeholder) : [],
        EditorView.contentAttributes.of({ 'aria-label': props.ariaLabel, tabindex: '0' }),
        lang.current.of(languageFor(props.language ?? 'text', props.lint !== false)),
        editable.current.of([EditorState.readOnly.of(!!props.readOnly), EditorView.editable.of(!props.readOnly)]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange.current?.(u.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => view.current?.destroy();
    // The editor is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(languageFor(props.language ?? 'text', props.lint !== false)) });
  }, [props.language, props.lint]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([EditorState.readOnly.of(!!props.readOnly), EditorView.editable.of(!props.readOnly)]),
    });
  }, [props.readOnly]);

  return <div className="code-editor" ref={host} style={{ minHeight: props.minHeight ?? 160 }} />;
}
