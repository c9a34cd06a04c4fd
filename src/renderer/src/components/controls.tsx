import type { ReactNode } from 'react';
import { Switch, ToggleGroup } from 'radix-ui';
import { Copy, RefreshCw } from 'lucide-react';
import { copyText } from '../lib/format';
import { useStore } from '../store';

/** A group of mutually exclusive options shown side by side. */
export function Segmented<T extends string>(props: {
  value: T;
  options: { value: T; label: string }[];
  onChange(value: T): void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <ToggleGroup.Root
      type="single"
      className="segmented"
      value={props.value}
      aria-label={props.label}
      disabled={props.disabled}
      onValueChange={(v) => v && props.onChange(v as T)}
    >
      {props.options.map((o) => (
        <ToggleGroup.Item key={o.value} value={o.value} className="segmented-item">
          {o.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}

export function Toggle(props: {
  checked: boolean;
  onChange(v: boolean): void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <Switch.Root
      className="switch"
      checked={props.checked}
      onCheckedChange={props.onChange}
      aria-label={props.label}
      disabled={props.disabled}
    >
      <Switch.Thumb className="switch-thumb" />
    </Switch.Root>
  );
}

/** A titled group of settings rows. */
export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section className="card section">
      <header className="section-head">
        <h2>{title}</h2>
        {description && <p className="muted">{description}</p>}
      </header>
      <div className="rows">{children}</div>
    </section>
  );
}

export function Row({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="row">
      <div className="row-label">
        <div>{label}</div>
        {hint && <div className="muted small">{hint}</div>}
      </div>
      <div className="row-control">{children}</div>
    </div>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const notify = useStore((s) => s.notify);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={label}
      onClick={async () => {
        if (await copyText(text)) notify('success', 'Copied to the clipboard');
        else notify('error', 'Could not copy: the clipboard is not available here.');
      }}
    >
      <Copy size={14} />
    </button>
  );
}

/** The icon button that reloads something; spins while `busy`. */
export function RefreshButton(props: {
  onClick(): void;
  label?: string;
  title?: string;
  busy?: boolean;
  size?: number;
}) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={props.label ?? 'Refresh'}
      title={props.title ?? props.label ?? 'Refresh'}
      onClick={props.onClick}
    >
      <RefreshCw size={props.size ?? 15} className={props.busy ? 'spin' : ''} />
    </button>
  );
}
