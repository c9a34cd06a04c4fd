export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <path d="M22 18v14a10 10 0 0 0 20 0v-4" fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <path d="M36 24l6-6 6 6" fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="22" cy="46" r="5" fill="#c7d2fe" />
    </svg>
  );
}
