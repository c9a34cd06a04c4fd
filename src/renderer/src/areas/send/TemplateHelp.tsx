import { Popover } from 'radix-ui';
import { Braces } from 'lucide-react';

const ROWS: [string, string][] = [
  ['{{data.transferId}}', 'A value from the variables, by dotted path'],
  ['{{event.id}} {{event.topic}} {{event.timestamp}}', 'The event being sent'],
  ['{{endpoint.name}} {{endpoint.url}}', 'The endpoint the delivery goes to'],
  ['{{delivery.id}}', 'The delivery id (same on every attempt)'],
  ['{{uuid}}', 'A fresh random UUID'],
  ['{{now}} {{timestamp}} {{timestamp_ms}}', 'ISO 8601 time, Unix seconds, Unix milliseconds'],
  [
    '{{event_type}} {{transfer_name}} {{status}} {{total_size_mb}} {{error_message}}',
    'GoMFT’s names, taken from a GoMFT or MFTPlus payload',
  ],
  ['{% if status == "failed" %}…{% endif %}', 'A block kept only when the condition holds'],
  ['{% elif … %} {% else %}', 'More branches; conditions use == != and or not'],
];

/** A cheat sheet of the template language (seed 003, GoMFT). */
export function TemplateHelp(props: { onExample(): void }) {
  return (
    <Popover.Root>
      <Popover.Trigger className="button small ghost" type="button">
        <Braces size={14} /> Template help
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover template-help" aria-label="Payload templates" align="end" sideOffset={6}>
          <h2>Payload templates</h2>
          <p className="muted small">
            Any <code>{'{{…}}'}</code> or <code>{'{% if %}'}</code> turns the payload into a template,
            rendered for every endpoint when the event is sent. Values are escaped for where they land: JSON
            strings stay valid, XML text is escaped.
          </p>
          <table className="help-table">
            <tbody>
              {ROWS.map(([code, text]) => (
                <tr key={code}>
                  <td>
                    <code>{code}</code>
                  </td>
                  <td className="muted">{text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            An unknown variable stops the send with its line and column; guard optional ones with an if.
          </p>
          <div>
            <Popover.Close className="button small" onClick={props.onExample}>
              Use GoMFT’s example template
            </Popover.Close>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
