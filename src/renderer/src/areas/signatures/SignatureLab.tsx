import { useEffect } from 'react';
import { ChevronDown, FlaskConical } from 'lucide-react';
import { DropdownMenu, Tabs } from 'radix-ui';
import { schemeInfo } from '../../../../shared/signing';
import { useStore } from '../../store';
import type { LabMode } from '../../store/signatures-slice';
import { EXAMPLE_ORDER } from './examples';
import { loadExample } from './load-example';
import { SignPanel } from './SignPanel';
import { VerifyPanel } from './VerifyPanel';
import './signatures.css';

function ExampleMenu({ mode }: { mode: LabMode }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button">
          <FlaskConical size={15} /> Load example <ChevronDown size={14} />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="sig-menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="sig-menu-label">
            {mode === 'verify' ? 'A correctly signed request' : 'A body and secret to sign'}
          </DropdownMenu.Label>
          {EXAMPLE_ORDER.map((id) => (
            <DropdownMenu.Item key={id} className="sig-menu-item" onSelect={() => void loadExample(id, mode)}>
              {schemeInfo(id).label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** The Signature lab: verify a pasted request's signature, or sign a body, for every scheme. */
export function SignatureLab() {
  const mode = useStore((s) => s.labMode);
  const setMode = useStore((s) => s.setLabMode);

  // The mode is part of the address (#/signatures/sign), so a reload keeps it.
  useEffect(() => {
    const want = `#/signatures/${mode}`;
    if (window.location.hash.startsWith('#/signatures') && window.location.hash !== want) {
      window.history.replaceState(null, '', want);
    }
  }, [mode]);

  return (
    <Tabs.Root className="area sig-lab" value={mode} onValueChange={(v) => setMode(v as LabMode)}>
      <header className="area-header">
        <div>
          <h1>Signature lab</h1>
          <p className="muted">
            {mode === 'verify'
              ? 'Paste a request and its secret: see whether the signature is valid, and why not.'
              : 'Sign a body for any scheme: get the exact headers to send.'}
          </p>
        </div>
        <div className="area-actions">
          <Tabs.List className="segmented sig-tabs" aria-label="Mode">
            <Tabs.Trigger className="segmented-item" value="verify">
              Verify
            </Tabs.Trigger>
            <Tabs.Trigger className="segmented-item" value="sign">
              Sign
            </Tabs.Trigger>
          </Tabs.List>
          <ExampleMenu mode={mode} />
        </div>
      </header>
      <Tabs.Content value="verify" className="area-body sig-body">
        <VerifyPanel />
      </Tabs.Content>
      <Tabs.Content value="sign" className="area-body sig-body">
        <SignPanel />
      </Tabs.Content>
    </Tabs.Root>
  );
}
