import { useState } from 'react';
import { KeyRound } from 'lucide-react';
import { setToken } from '../lib/api';
import { Logo } from './Logo';

/** Shown in a browser when the API token is missing or wrong. */
export function ConnectScreen() {
  const [value, setValue] = useState('');
  return (
    <div className="connect">
      <form
        className="card connect-card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!value.trim()) return;
          setToken(value);
          window.location.reload();
        }}
      >
        <Logo size={40} />
        <h1>Connect to Hookbench</h1>
        <p className="muted">
          This page needs the API token of the <code>hookbench serve</code> it talks to. Open the UI link that command
          printed (it carries the token), or paste the token here.
        </p>
        <label className="field">
          <span>API token</span>
          <input
            autoFocus
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="Token printed by hookbench serve"
            aria-label="API token"
          />
        </label>
        <button className="button primary" type="submit" disabled={!value.trim()}>
          <KeyRound size={16} /> Connect
        </button>
      </form>
    </div>
  );
}
