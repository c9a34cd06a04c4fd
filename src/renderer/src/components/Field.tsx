import type { ReactNode } from 'react';

/**
 * A caption above its control: `<label class="field"><span>caption</span>control</label>`.
 * The label wraps the control, so the caption names a control that has no aria-label of its own.
 * `group`: the control names itself (a segmented group), so the row is a div, not a label.
 */
export function Field(props: {
  label: ReactNode;
  children: ReactNode;
  /** Classes besides `field` (grow, narrow, span2…). */
  className?: string;
  group?: boolean;
  htmlFor?: string;
}) {
  const className = props.className ? `field ${props.className}` : 'field';
  const caption = <span>{props.label}</span>;
  if (props.group)
    return (
      <div className={className}>
        {caption}
        {props.children}
      </div>
    );
  return (
    <label className={className} htmlFor={props.htmlFor}>
      {caption}
      {props.children}
    </label>
  );
}
