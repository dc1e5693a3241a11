export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6">
        <path
          d="M3 5l9 15 9-15"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.5"
          strokeLinejoin="round"
        />
        <path d="M7.5 5h9" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      Veil
    </span>
  );
}
