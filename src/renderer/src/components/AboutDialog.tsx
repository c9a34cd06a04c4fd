import { Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import { useStore } from '../store';
import { Logo } from './Logo';
import { returnFocus } from '../lib/return-focus';

export function AboutDialog() {
  const open = useStore((s) => s.aboutOpen);
  const setOpen = useStore((s) => s.setAboutOpen);
  const info = useStore((s) => s.info);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content {...returnFocus} className="dialog about" aria-describedby="about-desc">
          <Dialog.Close className="icon-button dialog-close" aria-label="Close">
            <X size={16} />
          </Dialog.Close>
          <div className="about-head">
            <Logo size={48} />
            <div>
              <Dialog.Title className="about-title">Hookbench</Dialog.Title>
              <div className="muted">Version {info?.version ?? '…'}</div>
            </div>
          </div>
          <p id="about-desc">
            A local-first workbench for webhooks: send signed deliveries with retries, receive and inspect
            them, verify signatures and replay — offline, on your machine.
          </p>
          {info && (
            <dl className="facts">
              <dt>Running as</dt>
              <dd>{info.host === 'electron' ? 'Desktop app' : 'Headless (hookbench serve)'}</dd>
              <dt>Platform</dt>
              <dd>{info.platform}</dd>
              <dt>Node.js</dt>
              <dd>{info.node}</dd>
              <dt>SQLite</dt>
              <dd>{info.sqlite}</dd>
              <dt>Data</dt>
              <dd className="mono break">{info.dataDir}</dd>
            </dl>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
