import { DropdownMenu } from 'radix-ui';
import { Plus } from 'lucide-react';
import type { ResponseRule } from '../../../../../shared/receiver';
import { PRESETS } from './rule-presets';
import { RuleCard } from './RuleCard';
import { useSequences } from './use-sequences';
import './rules.css';

export function RulesEditor({
  slug,
  rules,
  onChange,
}: {
  /** The saved inbox, for the live state of its sequence rules. */
  slug?: string;
  rules: ResponseRule[];
  onChange(rules: ResponseRule[]): void;
}) {
  const sequences = useSequences(slug);
  const update = (i: number, rule: ResponseRule) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const move = (i: number, d: number) => {
    const next = [...rules];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    onChange(next);
  };
  return (
    <div className="rules">
      {rules.length === 0 && (
        <p className="muted small">No rules: every request gets the default answer above.</p>
      )}
      {rules.map((rule, i) => (
        <RuleCard
          key={rule.id ?? `new-${i}`}
          index={i}
          rule={rule}
          onChange={(r) => update(i, r)}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
          onMove={(d) => move(i, d)}
          first={i === 0}
          last={i === rules.length - 1}
          state={rule.id ? sequences.byRule.get(rule.id) : undefined}
          onReset={(deliveryId) => rule.id && void sequences.reset(rule.id, deliveryId)}
        />
      ))}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="button small">
            <Plus size={13} /> Add rule
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
            {PRESETS.map((p) => (
              <DropdownMenu.Item
                key={p.label}
                className="menu-item"
                onSelect={() =>
                  onChange([
                    ...rules,
                    { name: p.name, enabled: true, match: {}, action: structuredClone(p.action) },
                  ])
                }
              >
                {p.label}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}
