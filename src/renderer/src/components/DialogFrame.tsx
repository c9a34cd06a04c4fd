import type { ComponentProps, ReactNode } from 'react';
import { AlertDialog, Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import { returnFocus as returnFocusProps } from '../lib/return-focus';

type ContentProps = Omit<ComponentProps<typeof Dialog.Content>, 'className' | 'title' | 'children'>;

interface FrameBase {
  /** Extra classes after "dialog" (dialog-wide, the dialog's own). */
  className?: string;
  /** The dialog's name (its h2); omit when the children place <DialogTitle> themselves. */
  title?: ReactNode;
  titleClassName?: string;
  /** Text under the title, announced as the dialog's description. */
  description?: ReactNode;
  /** The bottom row of buttons (`.dialog-actions`); forms keep theirs inside the form. */
  actions?: ReactNode;
  /** Focus goes back to what opened the dialog (lib/return-focus); default true. */
  returnFocus?: boolean;
  children?: ReactNode;
}

export interface DialogFrameProps extends FrameBase {
  open?: boolean;
  onOpenChange(open: boolean): void;
  /** The × in the corner; false when the children place <DialogCloseX /> themselves or have none. */
  closeButton?: boolean;
  /** id of an element of the children that describes the dialog, when `description` is not used. */
  describedBy?: string;
  /** More props for Dialog.Content (onOpenAutoFocus, onEscapeKeyDown…). */
  contentProps?: ContentProps;
}

const classes = (extra: string | undefined) => (extra ? `dialog ${extra}` : 'dialog');

/**
 * The frame every dialog shares: overlay, content box, title, the × close, description and the
 * actions row, with focus returned to the opener. What a dialog holds goes in `children`.
 */
export function DialogFrame(props: DialogFrameProps) {
  const { open = true, onOpenChange, closeButton = true, returnFocus = true } = props;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          {...(returnFocus ? returnFocusProps : {})}
          {...props.contentProps}
          className={classes(props.className)}
          {...(props.description ? {} : { 'aria-describedby': props.describedBy })}
        >
          {props.title !== undefined && (
            <Dialog.Title className={props.titleClassName}>{props.title}</Dialog.Title>
          )}
          {closeButton && <DialogCloseX />}
          {props.description !== undefined && (
            <Dialog.Description className="muted">{props.description}</Dialog.Description>
          )}
          {props.children}
          {props.actions !== undefined && <div className="dialog-actions">{props.actions}</div>}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The dialog's title, for dialogs that place it inside their own header. */
export const DialogTitle = Dialog.Title;

/** The × close button (in the corner by default; `className` to place it in a header). */
export function DialogCloseX({ className = 'icon-button dialog-close' }: { className?: string }) {
  return (
    <Dialog.Close className={className} aria-label="Close" type="button">
      <X size={16} />
    </Dialog.Close>
  );
}

export interface AlertFrameProps extends FrameBase {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  actions: ReactNode;
}

/**
 * The frame of a question that must be answered (role alertdialog: no × and no click outside to
 * close; Esc answers Cancel). Actions use AlertDialog.Cancel / AlertDialog.Action.
 */
export function AlertFrame(props: AlertFrameProps) {
  const { returnFocus = true } = props;
  return (
    <AlertDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content {...(returnFocus ? returnFocusProps : {})} className={classes(props.className)}>
          <AlertDialog.Title className={props.titleClassName}>{props.title}</AlertDialog.Title>
          {props.description !== undefined && (
            <AlertDialog.Description className="muted">{props.description}</AlertDialog.Description>
          )}
          {props.children}
          <div className="dialog-actions">{props.actions}</div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
