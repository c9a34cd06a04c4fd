import { Toast } from 'radix-ui';
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useStore } from '../store';

const ICONS = { info: Info, success: CircleCheck, error: CircleAlert };

export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  return (
    <Toast.Provider swipeDirection="left" duration={5000}>
      {toasts.map((t) => {
        const Icon = ICONS[t.kind];
        return (
          <Toast.Root
            key={t.id}
            className={`toast toast-${t.kind}`}
            duration={t.kind === 'error' ? 9000 : 4000}
            onOpenChange={(open) => !open && dismiss(t.id)}
          >
            <Icon size={18} />
            <Toast.Description className="toast-text">
              {t.message}
              {t.count > 1 && (
                <span className="toast-count" aria-label={`${t.count} times`}>
                  {' '}
                  ×{t.count}
                </span>
              )}
            </Toast.Description>
            <Toast.Close className="icon-button" aria-label="Dismiss">
              <X size={14} />
            </Toast.Close>
          </Toast.Root>
        );
      })}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
