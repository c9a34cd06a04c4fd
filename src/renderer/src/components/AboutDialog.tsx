import { useStore } from '../store';
import { Logo } from './Logo';
import { DialogFrame, DialogTitle } from './DialogFrame';

export function AboutDialog() {
  const open = useStore((s) => s.aboutOpen);
  const setOpen = useStore((s) => s.setAboutOpen);
  const info = useStore((s) => s.info);
  return (
    <DialogFrame open={open} onOpenChange={setOpen} className="about" describedBy="about-desc">
      <div className="about-head">
        <Logo size={48} />
        <div>
          <DialogTitle className="about-title">Hookbench</DialogTitle>
          <div className="muted">Version {info?.version ?? '…'}</div>
        </div>
      </div>
      <p id="about-desc">
        A local-first workbench for webhooks: send signed deliveries with retries, receive and inspect them,
        verify signatures and replay — offline, on your machine.
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
    </DialogFrame>
  );
}
