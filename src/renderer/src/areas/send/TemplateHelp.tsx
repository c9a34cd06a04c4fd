import { Popover } from 'radix-ui';
import { Braces } from 'lucide-react';
import './template-help.css';

const ROWS: [string, string][] = [
  ['{{data.transferId}}', 'A value from the variables, by dotted path'],
  ['{{event.topic}}', 'The event being sent'],
  [
    '{{event.id}} {{event.uuid}} {{event.whevt_id}}',
    'The event id, the same for every endpoint and attempt: Hookbench’s (evt_…), as a UUID (SFTP To Go), as whevt_… (MFTPlus)',
  ],
  [
    '{{event.time}} {{event.time_ms}} {{event.time_s}} {{event.timestamp}}',
    'When the event was sent: ISO 8601 (MFTPlus, GoMFT), Unix ms (SFTP To Go), Unix s, ISO 8601 with ms',
  ],
  ['{{delivery.id}} {{delivery.uuid}}', 'The delivery id, kept by every retry (msg_…, or as a UUID)'],
  [
    '{{attempt.id}} {{attempt.uuid}} {{attempt.number}}',
    'The attempt: new on every retry, re-signed (att_…, as a UUID like SFTP To Go, 1, 2, 3… like ExaVault)',
  ],
  [
    '{{endpoint.id}} {{endpoint.uuid}} {{endpoint.name}} {{endpoint.url}}',
    'The endpoint the delivery goes to',
  ],
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
            An unknown variable stops the send with its line and column; guard optional ones with an if. The
            id, time and attempt variables are filled in after rendering (an attempt’s on every retry): write
            them out, but do not compare them in an if.
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
