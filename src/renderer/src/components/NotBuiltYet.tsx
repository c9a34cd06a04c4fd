import type { LucideIcon } from 'lucide-react';

/** What an area that does not exist yet shows: plainly that, and what it will do. */
export function NotBuiltYet({ icon: Icon, title, text }: { icon: LucideIcon; title: string; text: string }) {
  return (
    <div className="area">
      <header className="area-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state" data-testid="not-built">
        <Icon size={40} strokeWidth={1.5} />
        <h2>{title} is not built yet</h2>
        <p>{text}</p>
        <p className="muted">Nothing here pretends to work: this screen arrives with its feature.</p>
      </div>
    </div>
  );
}
