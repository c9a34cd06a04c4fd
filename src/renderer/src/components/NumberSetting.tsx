import { useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../../shared/contract/settings';
import { useStore } from '../store';
import { Row } from './controls';

/** The settings whose value is a number. */
export type NumberSettingKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

type NumberSettingProps = {
  k: NumberSettingKey;
  label: string;
  min: number;
  max: number;
  unit?: string;
  width?: number;
  /** Whole numbers only (default); false accepts decimals. */
  integer?: boolean;
};

/** A settings row that holds one NumberSetting, captioned with the field's own label. */
export function NumberSettingRow({ hint, ...field }: NumberSettingProps & { hint?: ReactNode }) {
  return (
    <Row label={field.label} hint={hint}>
      <NumberSetting {...field} />
    </Row>
  );
}

/** A number saved on Enter or when the field loses focus; a refused value springs back. */
export function NumberSetting({ k, label, min, max, unit, width = 96, integer = true }: NumberSettingProps) {
  const value = useStore((s) => s.settings?.[k]);
  const update = useStore((s) => s.updateSettings);
  const saving = useStore((s) => s.settingsSaving);
  const [text, setText] = useState(String(value ?? ''));
  useEffect(() => setText(String(value ?? '')), [value]);
  const commit = async () => {
    const n = Number(text);
    if (text.trim() === '' || (integer ? !Number.isInteger(n) : !Number.isFinite(n)) || n < min || n > max) {
      useStore.getState().notify('error', `${label}: enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
      return setText(String(value ?? ''));
    }
    if (n === value) return;
    if (!(await update({ [k]: n } as Partial<Settings>))) setText(String(value ?? ''));
  };
  return (
    <span className="number-setting">
      <input
        type="number"
        aria-label={label}
        min={min}
        max={max}
        value={text}
        disabled={saving}
        style={{ width }}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      {unit && <span className="muted small">{unit}</span>}
    </span>
  );
}
