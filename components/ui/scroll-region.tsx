/**
 * A wide table's frame: scrolls sideways on narrow screens instead of widening the page, and is
 * focusable and named so keyboard and screen-reader users can scroll it too. `relative` keeps
 * screen-reader-only (absolutely positioned) cells inside the scroller.
 */
export function ScrollRegion({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      className={`relative overflow-x-auto ${className}`}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </div>
  );
}
